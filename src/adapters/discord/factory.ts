import type { PlatformFactory } from "../../app/platform.ts";
import { createDiscordAdapter } from "./adapter.ts";
import { discordConfigured, readDiscordConfig } from "./config.ts";

/** Discord runs when DISCORD_TOKEN is set; its other settings are then required or checked. */
export const discordPlatform: PlatformFactory = {
  name: "discord",
  configured: discordConfigured,
  create(env, services) {
    const config = readDiscordConfig(env);
    if (!config.ok) return config;
    return { ok: true, value: createDiscordAdapter(config.value, services) };
  },
};
