// Structured logs, one JSON line per event. On chat platforms they go to stdout, where a service
// manager collects them; the local shell keeps them on stderr, so that its stdout carries only the
// bot's messages. Each line logged while a request is served carries its id (requestContext.ts).
import { pino } from "pino";
import { currentRequestId } from "./requestContext.ts";

export type Logger = pino.Logger;

/** Field names whose values never reach the logs, wherever they appear. */
const SECRETS = ["token", "botToken", "appToken", "signingSecret", "clientSecret", "stateSecret", "client_secret", "access_token", "password", "authorization", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"];

const STDOUT = 1;
const STDERR = 2;

export function createLogger(level = process.env["LOG_LEVEL"] ?? "warn", output: "stdout" | "stderr" = "stderr"): Logger {
  return pino(
    {
      level,
      redact: { paths: [...SECRETS, ...SECRETS.map((s) => `*.${s}`), ...SECRETS.map((s) => `*.*.${s}`)], censor: "[redacted]" },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    pino.destination(output === "stdout" ? STDOUT : STDERR),
  );
}
