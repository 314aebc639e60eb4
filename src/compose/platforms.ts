// The chat platforms the bot can run on: the registry of adapters, which only the composition root
// reads. Each adapter adds its factory here; a factory imports only its settings, and loads the adapter
// itself when platformMode.ts creates it, so the local shell starts without Bolt or discord.js.
import type { PlatformFactory } from "../app/platform.ts";
import { slackPlatform } from "../adapters/slack/factory.ts";
import { discordPlatform } from "../adapters/discord/factory.ts";

export const platformFactories: PlatformFactory[] = [];
platformFactories.push(slackPlatform);
platformFactories.push(discordPlatform);
