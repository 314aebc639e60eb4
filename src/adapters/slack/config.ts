// The Slack settings, read from the environment once at boot. HTTP mode needs the bot token and the
// signing secret; an app-level token (xapp-) switches to Socket Mode, where no public URL is needed.
// A distributed app (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET) is installed through
// OAuth in any number of workspaces, each with its own bot token kept in the database: HTTP mode only.
import { z } from "zod";
import { configSchema, portSetting } from "../../infra/config.ts";
import { catalogue } from "../../../commands/index.ts";

/** Slack refuses slash command names longer than 32 characters, the leading slash included. */
export const SLACK_COMMAND_MAX = 32;
export const SLACK_EVENTS_PATH = "/slack/events";
/** Bolt's defaults, kept: a workspace admin opens the first; Slack sends the browser back to the second. */
export const SLACK_INSTALL_PATH = "/slack/install";
export const SLACK_OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";
/** The OAuth Redirect URL of a bot reached at `publicUrl`, for the manifest and the installer alike. */
export const oauthRedirectUrl = (publicUrl: string): string => `${publicUrl.replace(/\/+$/, "")}${SLACK_OAUTH_REDIRECT_PATH}`;

const longestCommandName = Math.max(...catalogue.map((c) => c.name.length));

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value), schema.optional());

export const slackEnvironment = z
  .object({
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, "must be the bot token from OAuth & Permissions, starting with xoxb-")).describe("Slack: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions. Setting any SLACK_ variable turns Slack on."),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, "looks too short: copy the signing secret from Basic Information")).describe("Slack HTTP mode: the Signing Secret from Basic Information, which checks every request."),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, "must be an app-level token with the connections:write scope, starting with xapp-")).describe("Slack Socket Mode: an app-level token (xapp-…) with connections:write; with it no public URL is needed."),
    SLACK_CLIENT_ID: optional(z.string().regex(/^\d+\.\d+$/, "must be the Client ID from Basic Information, such as 1234567890.1234567890")).describe(
      "Slack, installed in many workspaces: the app's Client ID (Basic Information). With SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, workspaces install the app at PUBLIC_URL/slack/install and each gets its own bot token; HTTP mode only.",
    ),
    SLACK_CLIENT_SECRET: optional(z.string().min(16, "looks too short: copy the Client Secret from Basic Information")).describe("Slack, installed in many workspaces: the app's Client Secret (Basic Information)."),
    SLACK_STATE_SECRET: optional(z.string().min(32, "is too short: use 32 random characters or more, such as the output of openssl rand -hex 32")).describe(
      "Slack, installed in many workspaces: a secret of your own (32 characters or more) that signs the OAuth state, the same on every replica.",
    ),
    // The bot's public address (infra/config.ts), read here too for the OAuth Redirect URL.
    PUBLIC_URL: configSchema.shape.PUBLIC_URL,
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
    const issue = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
    const distributed = Boolean(value.SLACK_CLIENT_ID || value.SLACK_CLIENT_SECRET || value.SLACK_STATE_SECRET);
    if (distributed) {
      if (!value.SLACK_CLIENT_ID) issue("SLACK_CLIENT_ID", "is missing: installing in many workspaces needs the Client ID from Basic Information");
      if (!value.SLACK_CLIENT_SECRET) issue("SLACK_CLIENT_SECRET", "is missing: installing in many workspaces needs the Client Secret from Basic Information");
      if (!value.SLACK_STATE_SECRET) issue("SLACK_STATE_SECRET", "is missing: installing in many workspaces needs a secret that signs the OAuth state (openssl rand -hex 32)");
      if (value.SLACK_BOT_TOKEN) issue("SLACK_BOT_TOKEN", "must be unset with SLACK_CLIENT_ID: each workspace's bot token comes from its installation (unset SLACK_CLIENT_ID for one workspace)");
      if (value.SLACK_APP_TOKEN) issue("SLACK_APP_TOKEN", "must be unset with SLACK_CLIENT_ID: Socket Mode serves one workspace; many workspaces need HTTP mode and a public URL");
      if (!value.PUBLIC_URL) issue("PUBLIC_URL", `is missing: installing in many workspaces needs the public address, for the OAuth Redirect URL (PUBLIC_URL${SLACK_OAUTH_REDIRECT_PATH})`);
    } else if (!value.SLACK_BOT_TOKEN) {
      issue("SLACK_BOT_TOKEN", "is missing: set the bot token (xoxb-…) from OAuth & Permissions, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install the app in many workspaces");
    }
    if (!value.SLACK_APP_TOKEN && !value.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is missing: HTTP mode needs the signing secret from Basic Information (or set SLACK_APP_TOKEN for Socket Mode)",
      });
    }
  });

/** A distributed app: installed through OAuth v2, a bot token per workspace in the database. */
export interface SlackInstalls {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** PUBLIC_URL + /slack/oauth_redirect: sent in the authorize URL and in oauth.v2.access, and listed in the manifest. */
  redirectUri: string;
}

export type SlackConfig =
  /** `installs` set: many workspaces, no `botToken`; otherwise the one workspace of `botToken`. */
  | { mode: "http"; botToken: string | undefined; installs?: SlackInstalls; signingSecret: string; port: number; apiUrl: string | undefined; commandPrefix: string }
  | { mode: "socket"; botToken: string; appToken: string; signingSecret: string | undefined; apiUrl: string | undefined; commandPrefix: string };

const SLACK_VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/** Slack is wanted as soon as one of its credentials is set; a missing partner is then reported, not ignored. */
export const slackWanted = (source: NodeJS.ProcessEnv): boolean => SLACK_VARIABLES.some((name) => Boolean(source[name]?.trim()));

export function readSlackConfig(source: NodeJS.ProcessEnv): { ok: true; value: SlackConfig } | { ok: false; errors: string[] } {
  const parsed = slackEnvironment.safeParse(source);
  // Issues name the variable only: the value may be a secret.
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`) };
  const value = parsed.data;
  const common = { apiUrl: value.SLACK_API_URL, commandPrefix: value.SLACK_COMMAND_PREFIX ?? "" };
  if (value.SLACK_APP_TOKEN) return { ok: true, value: { mode: "socket", ...common, botToken: value.SLACK_BOT_TOKEN!, appToken: value.SLACK_APP_TOKEN, signingSecret: value.SLACK_SIGNING_SECRET } };
  const http = { mode: "http" as const, ...common, signingSecret: value.SLACK_SIGNING_SECRET!, port: value.PORT };
  if (!value.SLACK_CLIENT_ID) return { ok: true, value: { ...http, botToken: value.SLACK_BOT_TOKEN! } };
  const installs: SlackInstalls = {
    clientId: value.SLACK_CLIENT_ID,
    clientSecret: value.SLACK_CLIENT_SECRET!,
    stateSecret: value.SLACK_STATE_SECRET!,
    redirectUri: oauthRedirectUrl(value.PUBLIC_URL!),
  };
  return { ok: true, value: { ...http, botToken: undefined, installs } };
}

/** The slash command that carries a catalogue command, e.g. /poll, or /cb-poll with the prefix cb-. */
export const slashCommandName = (commandName: string, prefix: string): string => `/${prefix}${commandName}`;
