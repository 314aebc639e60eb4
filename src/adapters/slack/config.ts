// The Slack settings, read from the environment once at boot. HTTP mode needs the bot token and the
// signing secret; an app-level token (xapp-) switches to Socket Mode, where no public URL is needed.
import { z } from "zod";
import { portSetting } from "../../infra/config.ts";
import { catalogue } from "../../../commands/index.ts";

/** Slack refuses slash command names longer than 32 characters, the leading slash included. */
export const SLACK_COMMAND_MAX = 32;
export const SLACK_EVENTS_PATH = "/slack/events";

const longestCommandName = Math.max(...catalogue.map((c) => c.name.length));

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value), schema.optional());

export const slackEnvironment = z
  .object({
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, "must be the bot token from OAuth & Permissions, starting with xoxb-")).describe("Slack: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions. Setting any SLACK_ variable turns Slack on."),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, "looks too short: copy the signing secret from Basic Information")).describe("Slack HTTP mode: the Signing Secret from Basic Information, which checks every request."),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, "must be an app-level token with the connections:write scope, starting with xapp-")).describe("Slack Socket Mode: an app-level token (xapp-…) with connections:write; with it no public URL is needed."),
    // The same setting as the bot's HTTP port (infra/config.ts), read here too for the request URL.
    PORT: portSetting,
    // @slack/web-api appends method names to this URL, so it must end with a slash.
    SLACK_API_URL: optional(z.url({ error: "must be a URL such as https://slack.com/api/" })).transform((url) => (url && !url.endsWith("/") ? `${url}/` : url)).describe("Only for tests and proxies: the Slack Web API base URL (default https://slack.com/api/)."),
    SLACK_COMMAND_PREFIX: optional(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lowercase letters, digits, dash or underscore, such as cb-")
        .max(SLACK_COMMAND_MAX - 1 - longestCommandName, `is too long: /PREFIX+COMMAND must fit in ${SLACK_COMMAND_MAX} characters`),
    ).describe("A prefix for the slash commands, such as cb- for /cb-poll, when another app already has /poll."),
  })
  .superRefine((value, ctx) => {
    if (!value.SLACK_BOT_TOKEN) ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is missing: set the bot token (xoxb-…) from OAuth & Permissions" });
    if (!value.SLACK_APP_TOKEN && !value.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is missing: HTTP mode needs the signing secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)",
      });
    }
  });

export type SlackConfig =
  | { mode: "http"; botToken: string; signingSecret: string; port: number; apiUrl: string | undefined; commandPrefix: string }
  | { mode: "socket"; botToken: string; appToken: string; signingSecret: string | undefined; apiUrl: string | undefined; commandPrefix: string };

const SLACK_VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"] as const;

/** Slack is wanted as soon as one of its credentials is set; a missing partner is then reported, not ignored. */
export const slackWanted = (source: NodeJS.ProcessEnv): boolean => SLACK_VARIABLES.some((name) => Boolean(source[name]?.trim()));

export function readSlackConfig(source: NodeJS.ProcessEnv): { ok: true; value: SlackConfig } | { ok: false; errors: string[] } {
  const parsed = slackEnvironment.safeParse(source);
  // Issues name the variable only: the value may be a secret.
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) };
  const value = parsed.data;
  const common = { botToken: value.SLACK_BOT_TOKEN!, apiUrl: value.SLACK_API_URL, commandPrefix: value.SLACK_COMMAND_PREFIX ?? "" };
  if (value.SLACK_APP_TOKEN) return { ok: true, value: { mode: "socket", ...common, appToken: value.SLACK_APP_TOKEN, signingSecret: value.SLACK_SIGNING_SECRET } };
  return { ok: true, value: { mode: "http", ...common, signingSecret: value.SLACK_SIGNING_SECRET!, port: value.PORT } };
}

/** The slash command that carries a catalogue command, e.g. /poll, or /cb-poll with the prefix cb-. */
export const slashCommandName = (commandName: string, prefix: string): string => `/${prefix}${commandName}`;
