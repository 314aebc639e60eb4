// The chat platforms the bot can run on. Each adapter adds its factory here.
import type { PlatformFactory } from "./platform.ts";
import { slackPlatform } from "../adapters/slack/index.ts";
import { discordPlatform } from "../adapters/discord/factory.ts";

export const platformFactories: PlatformFactory[] = [];
platformFactories.push(slackPlatform);
platformFactories.push(discordPlatform);
