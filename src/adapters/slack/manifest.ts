// The Slack app manifest, generated from the catalogue so that every command has its slash command.
// Paste it into "Create New App → From a manifest" (https://api.slack.com/apps).
import type { webApi } from "@slack/bolt";
import { catalogue, type CommandSpec } from "../../../commands/index.ts";
import { slashCommandName } from "./config.ts";

export type SlackManifest = webApi.AppsManifestCreateArguments["manifest"];

/**
 * The fewest bot scopes that work: `commands` for slash commands, `chat:write` to post and update
 * poll cards and announcements in channels the bot was invited to, `im:write` to open the direct
 * messages that reminders use. Mentions carry user ids, so no users:read is needed. The history
 * scopes (public and private channels, direct messages) let a post retried after a crash find the
 * earlier attempt by its metadata (conversations.history, sender.ts) instead of posting it twice.
 */
export const BOT_SCOPES = ["commands", "chat:write", "im:write", "channels:history", "groups:history", "im:history"] as const;

/** Slack's documented limits on manifest fields (see @slack/web-api's Manifest type). */
export const SLACK_LIMITS = { commandName: 32, commandDescription: 2000, usageHint: 1000, slashCommands: 50, appName: 35, appDescription: 140, botDisplayName: 80 } as const;

/**
 * Slack's own slash commands, which an app cannot register (Slack rejects the whole manifest).
 * From Slack's "Use built-in slash commands" help article; a catalogue command named like one of
 * these needs SLACK_COMMAND_PREFIX.
 */
export const SLACK_BUILT_IN_COMMANDS: ReadonlySet<string> = new Set([
  "active", "apps", "archive", "away", "call", "close", "collapse", "dm", "dnd", "expand", "feed", "feedback", "invite",
  "join", "kick", "leave", "me", "msg", "mute", "open", "part", "prefs", "pro", "remind", "remove", "rename", "search",
  "shortcuts", "shrug", "star", "status", "topic", "who",
]);

export interface ManifestOptions {
  /** Socket Mode needs no public URL; HTTP mode sends everything to this request URL (…/slack/events). */
  requestUrl?: string | undefined;
  commandPrefix?: string | undefined;
  appName?: string | undefined;
  /**
   * A distributed app (installed in many workspaces through OAuth): PUBLIC_URL + /slack/oauth_redirect,
   * where Slack sends the browser back after "Allow". Slack refuses a redirect_uri not listed here.
   */
  redirectUrl?: string | undefined;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * `open title:… closes:… | list | …`: each subcommand with its required options, then `help`.
 * A command without subcommands shows its options, which are all optional then.
 */
export function usageHint(spec: CommandSpec): string {
  const forms = Object.entries(spec.actions).map(([action, a]) => {
    const options = Object.entries(a.options)
      .filter(([, option]) => option.required || action === "")
      .map(([name, option]) => (option.required ? `${name}:…` : `[${name}:…]`));
    return [action, ...options].filter(Boolean).join(" ");
  });
  // `/cmd help` explains any command; it is the whole hint of one that takes no option (/waiting).
  if (!("" in spec.actions) || forms.every((f) => !f)) forms.push("help");
  return clip(forms.filter(Boolean).join(" | "), SLACK_LIMITS.usageHint);
}

export function slackManifest(options: ManifestOptions = {}): SlackManifest {
  const prefix = options.commandPrefix ?? "";
  const url = options.requestUrl ? { url: options.requestUrl } : {};
  const name = clip(options.appName ?? "Consensus bot", SLACK_LIMITS.appName);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: clip("Consensus polls, decisions and delegations for a coordination group of agencies.", SLACK_LIMITS.appDescription),
    },
    features: {
      bot_user: { display_name: "consensus-bot", always_online: true },
      // The Home tab shows what is waiting for the user (home.ts); the Messages tab carries reminders.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      slash_commands: catalogue.map((spec) => ({
        command: slashCommandName(spec.name, prefix),
        description: clip(spec.description, SLACK_LIMITS.commandDescription),
        usage_hint: usageHint(spec),
        // Mentions then arrive as <@U…|name>, with the user id that USER options need.
        should_escape: true,
        ...url,
      })),
    },
    oauth_config: { ...(options.redirectUrl ? { redirect_urls: [options.redirectUrl] } : {}), scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      // app_home_opened: the Home tab is published when a user opens it. app_uninstalled and
      // tokens_revoked (no scope needed): a workspace's installation is forgotten (installations.ts).
      event_subscriptions: { ...(options.requestUrl ? { request_url: options.requestUrl } : {}), bot_events: ["app_home_opened", "app_uninstalled", "tokens_revoked"] },
      interactivity: { is_enabled: true, ...(options.requestUrl ? { request_url: options.requestUrl } : {}) },
      // Org-wide installs on Enterprise Grid are refused (installations.ts): each workspace installs the app.
      org_deploy_enabled: false,
      socket_mode_enabled: !options.requestUrl,
      token_rotation_enabled: false,
    },
  };
}
