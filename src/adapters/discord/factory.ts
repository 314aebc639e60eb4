import type { PlatformFactory } from "../../app/platform.ts";
import { discordConfigured, readDiscordConfig } from "./config.ts";

/**
 * Discord runs when DISCORD_TOKEN is set; its other settings are then required or checked. With
 * DISCORD_PUBLIC_KEY it takes interactions at /discord/interactions, otherwise over the gateway.
 */
export const discordPlatform: PlatformFactory = {
  name: "discord",
  configured: discordConfigured,
  async create(env, services) {
    const config = readDiscordConfig(env);
    if (!config.ok) return config;
    // discord.js takes a second or more to load, so only a bot that runs on Discord imports it.
    const { publicKey } = config.value;
    if (publicKey) {
      // HTTP interactions mode: no gateway, any replica takes any interaction (httpAdapter.ts).
      const { createDiscordHttpAdapter } = await import("./httpAdapter.ts");
      return { ok: true, value: createDiscordHttpAdapter({ ...config.value, publicKey }, services) };
    }
    const { createDiscordAdapter } = await import("./adapter.ts");
    return { ok: true, value: createDiscordAdapter(config.value, services) };
  },
};
