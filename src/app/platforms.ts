// The chat platforms the bot can run on. Each adapter adds its factory here; a factory imports only
// its settings, and loads the adapter itself when main.ts creates it, so the local shell starts quickly.
import type { PlatformFactory } from "./platform.ts";
import { slackPlatform } from "../adapters/slack/factory.ts";
import { discordPlatform } from "../adapters/discord/factory.ts";

export const platformFactories: PlatformFactory[] = [];
platformFactories.push(slackPlatform);
platformFactories.push(discordPlatform);
