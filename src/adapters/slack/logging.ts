// Bolt, @slack/web-api and @slack/socket-mode log free-form strings, which pino's key-based redaction
// cannot see into. This adapter routes them through the bot's logger and scrubs secrets from the text:
// the configured credentials, anything shaped like a Slack token, and the secret-bearing fields of
// payloads that Bolt prints at debug level (the verification token, response_urls, Socket Mode tickets).
import { inspect } from "node:util";
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../infra/logger.ts";

const REDACTED = "[redacted]";

/** Each pattern with its replacement; a captured prefix is kept so that the line still reads. */
const SCRUBBERS: [RegExp, string][] = [
  [/xox[a-z]-[A-Za-z0-9-]+/g, REDACTED],
  [/xapp-[A-Za-z0-9-]+/g, REDACTED],
  [/("(?:token|response_url)"\s*:\s*")(?:[^"\\]|\\.)*"/g, `$1${REDACTED}"`],
  [/(\b(?:token|ticket)=)[^&\s"']+/g, `$1${REDACTED}`],
  [/(https?:\/\/[^\s"']+\/(?:commands|actions|response)\/)[^\s"']+/g, `$1${REDACTED}`],
];

/** Removes credentials from a log line; `secrets` are the configured values, found wherever they appear. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

const fromPino: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR, fatal: LogLevel.ERROR };

const asText = (part: unknown): string => (typeof part === "string" ? part : part instanceof Error ? (part.stack ?? part.message) : inspect(part, { depth: 4, breakLength: Infinity }));

/** A Bolt Logger over the bot's pino logger. The level stays the one LOG_LEVEL set. */
export function boltLogger(base: Logger, secrets: readonly string[]): BoltLogger {
  let logger = base.child({ component: "slack" });
  const line = (parts: unknown[]) => scrubSecrets(parts.map(asText).join(" "), secrets);
  return {
    debug: (...parts: unknown[]) => logger.debug(line(parts)),
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
    // Bolt and its clients call setLevel when given a logLevel; the operator's LOG_LEVEL wins.
    setLevel: () => undefined,
    getLevel: () => fromPino[logger.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      logger = base.child({ component: "slack", name });
    },
  };
}
