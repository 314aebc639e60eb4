// Many Slack workspaces in one deployment. A Slack bot token belongs to one workspace (team), so a
// distributed app is installed in each through OAuth v2 (Bolt's InstallProvider in the HTTP receiver,
// app.ts), and each installation's bot token is kept in the database (Tx.installations): any replica
// then serves any workspace. Bolt reads the token of the team a request came from (its `authorize`,
// over installationStore below); the outbox, the Home tab and the first start ask SlackClients for the
// client of a team or of a group. With one SLACK_BOT_TOKEN, every team and group gets that one client.
import type { IncomingMessage, ServerResponse } from "node:http";
import { webApi, type App, type HTTPReceiverOptions, type Installation as BoltInstallation, type InstallationStore, type Logger as BoltLogger } from "@slack/bolt";
import { adoptWorkspaces } from "../../core/groups/adoptWorkspaces.ts";
import type { Installation } from "../../core/groups/installation.ts";
import type { Deps } from "../../core/deps.ts";

type WebClient = webApi.WebClient;
/** @slack/oauth's CallbackOptions, which Bolt does not export by name. */
type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions["installerOptions"]>["callbackOptions"]>;

/** The Web API clients of the workspaces the bot is in. */
export interface SlackClients {
  /** The client with a team's bot token; null when the team has not installed the app. */
  forTeam(teamId: string | undefined): Promise<WebClient | null>;
  /** The clients of a group's Slack workspaces, oldest workspace first; empty when none has installed the app. */
  forGroup(groupId: number): Promise<WebClient[]>;
}

/** One SLACK_BOT_TOKEN: one workspace, whatever team or group asks. */
export const singleWorkspace = (client: WebClient): SlackClients => ({
  forTeam: async () => client,
  forGroup: async () => [client],
});

/** Clients kept per token, so that a busy workspace reuses its connections; bounded for many workspaces. */
const CLIENTS_MAX = 500;

/** A distributed app: each team's token is its installation's, read from the database at each use (an uninstall on another replica takes effect at once). */
export function installedWorkspaces(deps: Deps, clientOptions: webApi.WebClientOptions): SlackClients {
  const clients = new Map<string, WebClient>();
  const clientOf = (installation: Installation): WebClient => {
    let client = clients.get(installation.botToken);
    if (!client) {
      client = new webApi.WebClient(installation.botToken, { ...clientOptions, teamId: installation.workspaceId });
      clients.set(installation.botToken, client);
      if (clients.size > CLIENTS_MAX) clients.delete(clients.keys().next().value!);
    }
    return client;
  };
  return {
    async forTeam(teamId) {
      if (!teamId) return null;
      const installation = await deps.store.transaction((tx) => tx.installations.byWorkspace("slack", teamId));
      return installation ? clientOf(installation) : null;
    },
    async forGroup(groupId) {
      return (await deps.store.transaction((tx) => tx.installations.ofGroup(groupId, "slack"))).map(clientOf);
    },
  };
}

/** Slack's answers that mean "not in this workspace": with a group of several workspaces, the next one is tried. */
const ELSEWHERE = new Set(["channel_not_found", "not_in_channel", "user_not_found", "users_not_found"]);

/**
 * Runs a Web API call for a group with the token of the workspace the channel or user is in. A group
 * usually has one Slack workspace; with several (joined with /group join), a channel is only known by
 * its id, so each workspace's token is tried in turn until one finds it (each miss costs one call).
 */
export async function inWorkspaceOf<T>(clients: WebClient[], run: (client: WebClient) => Promise<T>): Promise<T> {
  let last: unknown = new Error("no Slack workspace of this group has installed the app");
  for (const client of clients) {
    try {
      return await run(client);
    } catch (error) {
      const slackError = (error as { code?: string; data?: { error?: string } }).data?.error;
      if ((error as { code?: string }).code !== webApi.ErrorCode.PlatformError || !slackError || !ELSEWHERE.has(slackError)) throw error;
      last = error;
    }
  }
  throw last;
}

/** Bolt's installation, as the database keeps it; an org-wide install has no team and is refused before this. */
function rowOf(installation: BoltInstallation, at: Date): Installation {
  const { team, bot } = installation;
  if (!team?.id || !bot) throw new Error("a Slack installation without a team or a bot token cannot be kept");
  return {
    platform: "slack",
    workspaceId: team.id,
    enterpriseId: installation.enterprise?.id ?? null,
    appId: installation.appId ?? "",
    botToken: bot.token,
    botId: bot.id,
    botUserId: bot.userId,
    scopes: bot.scopes,
    installedBy: installation.user.id,
    installedAt: at,
  };
}

/** What Bolt's authorize reads: the installation of the request's team, as @slack/oauth shapes it. */
function boltInstallationOf(row: Installation): BoltInstallation<"v2", false> {
  return {
    team: { id: row.workspaceId },
    enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
    user: { id: row.installedBy, token: undefined, scopes: undefined },
    bot: { token: row.botToken, scopes: row.scopes, id: row.botId, userId: row.botUserId },
    appId: row.appId,
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
  };
}

/**
 * Bolt's installation store over the database. A workspace installed first in a new database, or
 * first after the upgrade to many groups, joins the group that was due to adopt Slack's workspace
 * (adoptWorkspaces), as the token's workspace does at the first start with SLACK_BOT_TOKEN.
 */
export function databaseInstallationStore(deps: Deps, log: BoltLogger): InstallationStore {
  return {
    async storeInstallation(installation) {
      const row = rowOf(installation, deps.clock.now());
      await deps.store.transaction((tx) => tx.installations.save(row));
      const adoption = await adoptWorkspaces(deps, "slack", [row.workspaceId]);
      if (adoption?.adopted.length) log.info(`Slack workspace ${row.workspaceId} adopted by group ${adoption.groupId}, the first group of this database`);
      log.info(`Slack app installed in workspace ${row.workspaceId} by ${row.installedBy}`);
    },
    async fetchInstallation(query) {
      const teamId = query.teamId;
      const row = teamId ? await deps.store.transaction((tx) => tx.installations.byWorkspace("slack", teamId)) : null;
      if (!row) throw new Error(`Slack workspace ${teamId ?? "(none)"} has not installed the app (or uninstalled it)`);
      return boltInstallationOf(row);
    },
    async deleteInstallation(query) {
      if (query.teamId) await forget(deps, log, query.teamId);
    },
  };
}

async function forget(deps: Deps, log: BoltLogger, teamId: string): Promise<void> {
  const removed = await deps.store.transaction((tx) => tx.installations.remove("slack", teamId));
  if (removed) log.info(`Slack app uninstalled from workspace ${teamId}: its installation is forgotten`);
}

/**
 * The app removed from a workspace (app_uninstalled) or its bot token revoked (tokens_revoked): the
 * installation goes, and nothing more is sent there. The workspace stays in its group: installed
 * again, it is served by the same group. Bolt calls no authorize for these two events.
 */
export function registerUninstall(app: App, deps: Deps, log: BoltLogger): void {
  app.event("app_uninstalled", async ({ context }) => {
    if (context.teamId) await forget(deps, log, context.teamId);
  });
  app.event("tokens_revoked", async ({ event, context }) => {
    if (context.teamId && (event.tokens.bot ?? []).length > 0) await forget(deps, log, context.teamId);
  });
}

const page = (res: ServerResponse, status: number, title: string, text: string): void => {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`);
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the browser is shown at the end of an install, instead of Bolt's generic pages: what went wrong and what to do. */
export function installPages(log: BoltLogger): CallbackOptions {
  return {
    afterInstallation: async (installation, _options, _req: IncomingMessage, res: ServerResponse) => {
      if (!installation.isEnterpriseInstall && installation.team?.id) return true;
      log.warn(`Refused an org-wide Slack install (Enterprise Grid ${installation.enterprise?.id ?? "?"}): install the app in each workspace`);
      page(res, 400, "Org-wide installs are not supported", "This app is installed in each workspace of an Enterprise Grid organization, one at a time: install it from a workspace, not for the whole organization.");
      return false;
    },
    success: (installation, _options, _req, res) => {
      const team = installation.team?.name ?? installation.team?.id ?? "the workspace";
      page(res, 200, `Installed in ${team}`, "The app is installed. In Slack, an operator named in BOT_OPERATORS now runs /group create name:\"…\" for a new group, or /group join code:… with a code from /group code, then /setup channel.");
    },
    failure: (error, _options, _req, res) => {
      const slackError = (error as { data?: { error?: string } }).data?.error;
      if (error.code === "slack_oauth_invalid_state" || error.code === "slack_oauth_missing_state") {
        page(res, 400, "This install link is not valid", "The link has expired (10 minutes), was already used, or was not started from this server: start again from /slack/install.");
      } else if (error.code === "slack_oauth_missing_code" || slackError === "invalid_code") {
        page(res, 400, "This install link is not valid", "Slack's code is missing, expired or already used: start again from /slack/install.");
      } else if (slackError === "invalid_client_id" || slackError === "bad_client_secret") {
        page(res, 500, "Slack refused the app's credentials", `Slack answered ${slackError}: the operator must check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET against the app's Basic Information. Nothing was installed.`);
      } else if (slackError === "bad_redirect_uri") {
        page(res, 500, "Slack refused the redirect URL", "The app's Redirect URL (OAuth & Permissions) must be PUBLIC_URL/slack/oauth_redirect. Nothing was installed.");
      } else {
        page(res, 500, "The installation failed", `${slackError ?? error.code}: try again from /slack/install; the operator's logs say more. Nothing was installed.`);
      }
    },
  };
}
