import type { PlatformFactory } from "../../app/platform.ts";
import { discordConfigured, readDiscordConfig } from "./config.ts";

/** Discord runs when DISCORD_TOKEN is set; its other settings are then required or checked. */
export const discordPlatform: PlatformFactory = {
  name: "discord",
  configured: discordConfigured,
  async create(env, services) {
    const config = readDiscordConfig(env);
    if (!config.ok) return config;
    // discord.js takes a second or more to load, so only a bot that runs on Discord imports it.
    const { createDiscordAdapter } = await import("./adapter.ts");
    return { ok: true, value: createDiscordAdapter(config.value, services) };
  },
};
