// The Discord adapter's settings, read once from the environment and validated with zod, so that a
// missing or malformed value is reported at boot in words an operator can act on.
import { z } from "zod";

const SNOWFLAKE = /^\d{17,20}$/;

export const discordEnvironment = z.object({
  DISCORD_TOKEN: z.string({ error: "is required: the bot token from the Developer Portal (Bot → Reset Token)" }).trim().min(1, "must not be empty").describe("Discord: the bot token (Developer Portal, Bot, Reset Token). Setting it turns Discord on."),
  DISCORD_APPLICATION_ID: z
    .string({ error: "is required: the Application ID from the Developer Portal (General Information)" })
    .trim()
    .regex(SNOWFLAKE, "must be the numeric Application ID, such as 123456789012345678").describe("Discord: the Application ID (General Information), for registering the slash commands."),
  /** Commands registered for one server appear at once; without it they are global. */
  DISCORD_GUILD_ID: z
    .string()
    .trim()
    .regex(SNOWFLAKE, "must be the numeric server (guild) id, such as 123456789012345678")
    .optional()
    .or(z.literal("").transform(() => undefined)).describe("Discord: the server (guild) id; commands registered for one server appear at once, otherwise globally."),
  /** Set, Discord POSTs interactions to /discord/interactions instead of the gateway carrying them. */
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the application's Public Key from the Developer Portal (General Information): 64 hexadecimal characters")
    .transform((key) => key.toLowerCase())
    .optional()
    .or(z.literal("").transform(() => undefined))
    .describe(
      "Discord: the application's Public Key (General Information). Set, the bot serves Discord's interactions endpoint at /discord/interactions on PORT (HTTP interactions mode, no gateway connection, any replica takes any interaction); unset, it connects to the gateway (one process).",
    ),
  /** Only for tests and proxies: the REST base URL (discord.js appends /v10). */
  DISCORD_API_URL: z.url({ error: "must be a URL such as http://127.0.0.1:8080/api" }).optional().or(z.literal("").transform(() => undefined)).describe("Only for tests and proxies: the Discord REST base URL (discord.js appends /v10)."),
});

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string | undefined;
  /** Set: HTTP interactions mode (httpAdapter.ts); unset: the gateway (adapter.ts). */
  publicKey?: string | undefined;
}

export function readDiscordConfig(source: NodeJS.ProcessEnv): { ok: true; value: DiscordConfig } | { ok: false; errors: string[] } {
  const parsed = discordEnvironment.safeParse(source);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`) };
  const v = parsed.data;
  return { ok: true, value: { token: v.DISCORD_TOKEN, applicationId: v.DISCORD_APPLICATION_ID, guildId: v.DISCORD_GUILD_ID, apiUrl: v.DISCORD_API_URL, publicKey: v.DISCORD_PUBLIC_KEY } };
}

/** The platform is wanted as soon as a token is present; the other settings are then checked. */
export const discordConfigured = (source: NodeJS.ProcessEnv): boolean => Boolean(source["DISCORD_TOKEN"]?.trim());
