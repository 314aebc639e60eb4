// The environment, validated once at boot. Each platform is on when its credentials are present;
// with none, `npm start` opens the local shell. Every setting carries its description here: the
// settings table of docs/deployment.md is generated from these schemas (npm run docs:env).
import cron from "node-cron";
import { z } from "zod";
import type { Identity } from "../core/people/person.ts";
import { DEFAULT_DATABASE } from "./db/openDatabase.ts";

const operatorList = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const out: Identity[] = [];
    for (const item of s.split(",").map((x) => x.trim()).filter(Boolean)) {
      const m = /^(discord|slack):(\S+)$/.exec(item);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `"${item}" should be platform:id, such as discord:123456789012345678 or slack:U01ABCDEF` });
        return z.NEVER;
      }
      out.push({ platform: m[1] as Identity["platform"], externalId: m[2]! });
    }
    return out;
  });

/** An empty value counts as unset, so that `PORT=` in an env file means the default. */
const blankAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value);

const wholeNumber = (min: number, max: number, fallback: number, what: string) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number of ${what} from ${min} to ${max}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be a whole number of ${what} from ${min} to ${max}`)
      .optional()
      .transform((n) => n ?? fallback),
  );

/** The HTTP port: Slack's request URL in HTTP mode, and health, metrics and calendar feeds in every mode. */
export const portSetting = z
  .preprocess(blankAsUnset, z.string().regex(/^\d{1,5}$/, "must be a port number such as 3000").optional())
  .transform((port) => (port === undefined ? 3000 : Number(port)))
  .refine((port) => port <= 65535, "must be a port number from 0 to 65535");

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE)
    .describe("The database: an SQLite file path (or file: URL), or a postgres:// (postgresql://) URL for PostgreSQL 15 or newer; created or migrated at start. Default data/consensus.db."),
  SQLITE_SYNCHRONOUS: z
    .enum(["FULL", "NORMAL"])
    .default("FULL")
    .describe("FULL (default) syncs every commit, so an acknowledged vote survives a power cut; NORMAL is faster and survives a crash of the process only."),
  BOT_OPERATORS: operatorList
    .default([])
    .describe("Comma-separated platform:id accounts given the Secretariat role at start, such as slack:U01ABCDEF,discord:123456789012345678."),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace"])
    .default("info")
    .describe("fatal, error, warn, info (default), debug or trace. Logs are JSON lines on stdout (on stderr in the local shell)."),
  PORT: portSetting.describe(
    "The HTTP port (default 3000): Slack's request URL (/slack/events) in HTTP mode, and /healthz, /readyz, /metrics and the calendar feeds in every platform mode.",
  ),
  PUBLIC_URL: z
    .preprocess(blankAsUnset, z.url({ error: "must be the bot's public address, such as https://bot.example.org" }).optional())
    .transform((url) => url?.replace(/\/+$/, ""))
    .describe("The address at which PORT is reached from outside, such as https://bot.example.org; the calendar feed addresses that /meeting feed gives start with it."),
  SHUTDOWN_TIMEOUT_SECONDS: wholeNumber(1, 300, 10, "seconds").describe(
    "On SIGTERM or SIGINT, how long the bot keeps delivering its outbox before it closes (default 10); what is left goes at the next start.",
  ),
  BACKUP_DIR: z
    .preprocess(blankAsUnset, z.string().optional())
    .describe("A directory for scheduled online backups of the SQLite database; unset, the bot makes none (npm run backup still works)."),
  BACKUP_SCHEDULE: z
    .preprocess(blankAsUnset, z.string().optional())
    .transform((expression) => expression ?? "0 3 * * *")
    .refine((expression) => cron.validate(expression), "must be a cron expression such as 0 3 * * * (every day at 03:00)")
    .describe("When scheduled backups are made, as a cron expression in the server's time (default 0 3 * * *, daily at 03:00)."),
  BACKUP_KEEP: wholeNumber(1, 1000, 14, "backups").describe("How many scheduled backups are kept in BACKUP_DIR (default 14); older ones are removed."),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(source: NodeJS.ProcessEnv): { ok: true; value: Config } | { ok: false; errors: string[] } {
  const parsed = configSchema.safeParse(source);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}
