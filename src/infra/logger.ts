// Structured logs go to stderr, so that the shell's stdout carries only the bot's messages.
import { pino } from "pino";

export type Logger = pino.Logger;

/** Field names whose values never reach the logs, wherever they appear. */
const SECRETS = ["token", "botToken", "appToken", "signingSecret", "clientSecret", "password", "authorization", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"];

export function createLogger(level = process.env["LOG_LEVEL"] ?? "warn"): Logger {
  return pino(
    {
      level,
      redact: { paths: [...SECRETS, ...SECRETS.map((s) => `*.${s}`), ...SECRETS.map((s) => `*.*.${s}`)], censor: "[redacted]" },
    },
    pino.destination(2),
  );
}
