/**
 * A fake Slack for end-to-end tests of an unmodified Bolt App, over Slack's real wire protocols on loopback.
 *
 *   const fake = await startFakeSlack({ botToken, appToken, signingSecret, teamId: "T1" });
 *   const app = new App({ token: botToken, signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } });
 *   const server = await app.start({ port: 0, host: "127.0.0.1" });
 *   await fake.http.slashCommand(`http://127.0.0.1:${port}/slack/events`, { command: "/poll", userId, channelId });
 *   await fake.waitFor(() => fake.messagesIn(channelId)[0]);
 *   await app.stop(); await fake.close();
 *
 * The fake must be running before `new App(...)`: Bolt calls auth.test from its constructor.
 *
 * Several workspaces: the options' one is the first; `fake.addWorkspace({ teamId, botToken, ... })` adds
 * another, with its own team id, bot token, users, channels and records (`fake.team(teamId)`). A bot
 * token acts on its own workspace only: another workspace's channel is channel_not_found, as on Slack.
 * With `oauth` the app is distributed: `fake.authorize(url, { teamId, userId })` plays the browser at
 * /oauth/v2/authorize and `oauth.v2.access` exchanges the code for that workspace's bot token (oauth.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpDriver } from "./httpDriver.ts";
import { handleResponseUrlPost } from "./responseUrls.ts";
import { SocketModeServer } from "./socketMode.ts";
import {
  Workspace,
  type FakeChannel,
  type FakeUser,
  type RecordedCall,
  type RecordedEphemeral,
  type RecordedMessage,
  type RecordedAnswer,
  type RecordedResponseUrlPost,
  type RecordedView,
  type PublishedHomeView,
  type Truthy,
  type WorkspaceOptions,
} from "./state.ts";
import type { ContractViolation } from "../contractLedger.ts";
import { FaultPlan, handleWebApiRequest, type FaultHandle, type FaultSpec, type TokenOwner } from "./webApi.ts";
import { FakeOAuth, SESSION_COOKIE, type AuthorizePageResult, type FakeOAuthApp, type InstallTarget } from "./oauth.ts";

export type { PublishedHomeView } from "./state.ts";
export type { AppHomeOpenedInput } from "./payloads.ts";
export type { FakeChannel, FakeUser, RecordedCall, RecordedEphemeral, RecordedAnswer, RecordedMessage, RecordedResponseUrlPost, RecordedView, Truthy } from "./state.ts";
export type { FaultHandle, FaultSpec } from "./webApi.ts";
export type { ContractViolation } from "../contractLedger.ts";
export type { HttpDeliveryResult } from "./httpDriver.ts";
export type { HttpDelivery, SignedDeliveryOptions } from "./signing.ts";
export { slackSignature } from "./signing.ts";
export type { BlockActionInput, SlashCommandInput, StateValuesInput, ViewSubmissionInput } from "./payloads.ts";
export { SocketAckTimeoutError } from "./socketMode.ts";
export type { EnvelopeType, RecordedAck, RecordedEnvelope, SocketAck, SocketDeliveryOptions } from "./socketMode.ts";
export type { HttpDriver } from "./httpDriver.ts";
export type { FakeOAuthApp, AuthorizePageResult } from "./oauth.ts";
export type { SocketModeServer } from "./socketMode.ts";

export interface FakeSlackOptions extends WorkspaceOptions {
  /** The xoxb- token the app is configured with; every other bearer gets invalid_auth. */
  botToken: string;
  /** The xapp- token for Socket Mode; only apps.connections.open accepts it. */
  appToken?: string;
  /** An app configuration token (xoxe.xoxp-…) for apps.manifest.validate; a fixed fake one by default. */
  configToken?: string;
  /** Used to sign what `fake.http` delivers to the app. */
  signingSecret: string;
  /** A distributed app: its client id and secret and Redirect URLs, for /oauth/v2/authorize and oauth.v2.access. */
  oauth?: FakeOAuthApp;
}

/** One workspace of the fake, seen on its own: its directory, what the app did in it, a driver that plays it. */
export interface FakeTeam {
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly calls: readonly RecordedCall[];
  readonly messages: Readonly<Record<string, RecordedMessage[]>>;
  readonly homeViews: readonly PublishedHomeView[];
  readonly responseUrlPosts: readonly RecordedResponseUrlPost[];
  messagesIn(channelId: string): RecordedMessage[];
  callsTo(method: string): RecordedCall[];
  /** As FakeSlack's waitFor, woken by this workspace's changes. */
  waitFor<T>(probe: () => T, timeoutMs?: number): Promise<Truthy<T>>;
  addUser(user: FakeUser): void;
  addChannel(channel: FakeChannel): void;
  /** Signed deliveries from this workspace (its team id in every payload). */
  readonly http: HttpDriver;
  /** What uninstalling the app does to its token: every call with it is then token_revoked (a new install reissues it). */
  revokeToken(): void;
  readonly revoked: boolean;
}

export interface FakeTeamOptions extends Omit<WorkspaceOptions, "appId"> {
  botToken: string;
}

/** A fake Slack on 127.0.0.1: Web API, response_urls and Socket Mode, plus drivers that play Slack towards the app. */
export interface FakeSlack {
  /** For Bolt: `clientOptions: { slackApiUrl: fake.apiUrl }` (ends with `/api/`, as @slack/web-api expects). */
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly teamId: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** The app configuration token apps.manifest.validate accepts. */
  readonly configToken: string;

  readonly calls: readonly RecordedCall[];
  /** Live messages per channel id, current state after chat.update / replace_original. */
  readonly messages: Readonly<Record<string, RecordedMessage[]>>;
  readonly deletedMessages: readonly RecordedMessage[];
  readonly ephemerals: readonly RecordedEphemeral[];
  readonly views: readonly RecordedView[];
  /** Every views.publish of a Home tab, in order; homeViewOf gives the one a user sees now. */
  readonly homeViews: readonly PublishedHomeView[];
  homeViewOf(userId: string): PublishedHomeView | undefined;
  readonly responseUrlPosts: readonly RecordedResponseUrlPost[];
  /** What Slack showed in answer to each invocation: immediate responses and response_url posts, in order. */
  readonly answers: readonly RecordedAnswer[];

  messagesIn(channelId: string): RecordedMessage[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the probe's first truthy value; a throwing probe counts as not yet. Default timeout 2000 ms. */
  waitFor<T>(probe: () => T, timeoutMs?: number): Promise<Truthy<T>>;
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Makes the next matching Web API call(s) fail: 429 + Retry-After for "ratelimited", a status, an ok:false error, or an answer held back after the call took effect (`hold`). */
  failNext(fault: FaultSpec): FaultHandle;

  addUser(user: FakeUser): void;
  addChannel(channel: FakeChannel): void;
  /** A fresh trigger_id for a hand-built payload. */
  issueTriggerId(userId: string): string;

  /** Plays Slack in HTTP mode: signed POSTs to the app's request URL. */
  readonly http: HttpDriver;
  /** Plays Slack in Socket Mode: envelopes over the app's WebSocket (the first workspace's only). */
  readonly socket: SocketModeServer;

  /** Adds a workspace the app can be installed in (the app's id is the first workspace's). */
  addWorkspace(options: FakeTeamOptions): FakeTeam;
  /** A workspace by its team id, the first included. */
  team(teamId: string): FakeTeam;
  /**
   * Plays the browser of `userId`, signed in to `teamId`, who opens the app's authorize URL (the one
   * /slack/install redirects to) and presses Allow: the answer is Slack's redirect to the app (302 with
   * the code and state in Location) or its error page. Needs `oauth` in the options.
   */
  authorize(authorizeUrl: string, as: { teamId: string; userId: string; orgWide?: string }): Promise<AuthorizePageResult>;

  /** Every payload that did not fit Block Kit's documented limits (each was refused, or truncated, as Slack would). */
  readonly contractViolations: readonly ContractViolation[];
  /** Hands over the violations no test has been failed for yet; for tests that send bad payloads on purpose. */
  takeContractViolations(): ContractViolation[];

  /**
   * Stops the server, cuts Socket Mode connections and fails pending waits. Stop the app first, or it
   * will try to reconnect. Then throws if a payload did not fit Block Kit and no test has been failed for it yet.
   */
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const workspace = new Workspace(options);
  const configToken = options.configToken ?? "xoxe.xoxp-1-fake-configuration-token";
  const faults = new FaultPlan();
  let origin = "";
  const socketMode = new SocketModeServer(workspace, () => origin.replace(/^http/, "ws"));

  interface TeamEntry {
    workspace: Workspace;
    botToken: string;
    revoked: boolean;
    view: FakeTeam;
  }
  const teams = new Map<string, TeamEntry>();
  const addTeam = (team: Workspace, botToken: string): FakeTeam => {
    if (teams.has(team.teamId)) throw new Error(`the fake Slack already has a workspace ${team.teamId}`);
    if ([...teams.values()].some((t) => t.botToken === botToken)) throw new Error("each fake workspace needs a bot token of its own");
    team.baseUrl = origin;
    const entry: TeamEntry = {
      workspace: team,
      botToken,
      revoked: false,
      view: {
        teamId: team.teamId,
        botToken,
        botUserId: team.botUserId,
        calls: team.calls,
        messages: team.messages,
        homeViews: team.homeViews,
        responseUrlPosts: team.responseUrlPosts,
        waitFor: (probe, timeoutMs) => team.waitFor(probe, timeoutMs),
        messagesIn: (channelId: string) => team.messagesIn(channelId),
        callsTo: (method: string) => team.calls.filter((call) => call.method === method),
        addUser: (user: FakeUser) => void team.users.set(user.id, user),
        addChannel: (channel: FakeChannel) => void team.channels.set(channel.id, channel),
        http: new HttpDriver(team, options.signingSecret),
        revokeToken: () => {
          entry.revoked = true;
        },
        get revoked(): boolean {
          return entry.revoked;
        },
      } satisfies FakeTeam,
    };
    teams.set(team.teamId, entry);
    return entry.view;
  };
  addTeam(workspace, options.botToken);
  const ownerOf = (token: string): TokenOwner | undefined => {
    if (options.appToken !== undefined && token === options.appToken) return { kind: "app", workspace };
    if (token === configToken) return { kind: "config", workspace };
    for (const team of teams.values()) if (team.botToken === token) return { kind: team.revoked ? "revoked" : "bot", workspace: team.workspace };
    return undefined;
  };
  const oauth = options.oauth
    ? new FakeOAuth(options.oauth, (teamId): InstallTarget | undefined => {
        const team = teams.get(teamId);
        return team && { workspace: team.workspace, botToken: team.botToken, reinstate: (scopes) => {
            team.revoked = false;
            team.workspace.botScopes = new Set(scopes);
          },
        };
      })
    : undefined;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? "/", "http://fake");
    const apiMethod = /^\/api\/([\w.]+)$/.exec(pathname)?.[1];
    if (apiMethod) {
      await handleWebApiRequest(req, res, apiMethod, { primary: workspace, faults, ownerOf, oauth, openSocketModeUrl: () => socketMode.openConnectionUrl() });
      return;
    }
    const responseUrlId = /^\/response\/(.+)$/.exec(pathname)?.[1];
    if (responseUrlId && req.method === "POST") {
      // A response_url's id starts with its team id (Workspace.issueResponseUrl).
      const team = teams.get(responseUrlId.split("/")[0]!)?.workspace ?? workspace;
      await handleResponseUrlPost(req, res, responseUrlId, team);
      return;
    }
    if (pathname === "/oauth/v2/authorize" && req.method === "GET" && oauth) {
      const page = oauth.authorize(new URL(req.url ?? "/", origin), req.headers.cookie);
      res.writeHead(page.status, page.headers);
      res.end(page.body);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end(`fake Slack does not serve ${req.method} ${pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`fake Slack failed: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => socketMode.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const team of teams.values()) team.workspace.baseUrl = origin;

  let closed: Promise<void> | undefined;
  const http = teams.get(workspace.teamId)!.view.http;
  const allWorkspaces = () => [...teams.values()].map((team) => team.workspace);

  return {
    apiUrl: `${origin}/api/`,
    baseUrl: origin,
    teamId: workspace.teamId,
    appId: workspace.appId,
    botUserId: workspace.botUserId,
    botId: workspace.botId,
    configToken,
    calls: workspace.calls,
    messages: workspace.messages,
    deletedMessages: workspace.deletedMessages,
    ephemerals: workspace.ephemerals,
    views: workspace.views,
    homeViews: workspace.homeViews,
    homeViewOf: (userId: string) => workspace.homeViewOf(userId),
    responseUrlPosts: workspace.responseUrlPosts,
    answers: workspace.answers,
    messagesIn: (channelId) => workspace.messagesIn(channelId),
    callsTo: (method) => workspace.calls.filter((call) => call.method === method),
    waitFor: (probe, timeoutMs) => workspace.waitFor(probe, timeoutMs),
    waitForCall: (method, predicate = () => true, timeoutMs) =>
      workspace.waitFor(() => workspace.calls.find((call) => call.method === method && predicate(call)), timeoutMs, `a ${method} call`),
    failNext: (fault) => faults.add(fault),
    addUser: (user) => void workspace.users.set(user.id, user),
    addChannel: (channel) => void workspace.channels.set(channel.id, channel),
    issueTriggerId: (userId) => workspace.issueTrigger(userId, "block_actions").id,
    http,
    socket: socketMode,
    addWorkspace: ({ botToken, ...team }) => addTeam(new Workspace({ ...team, appId: workspace.appId }), botToken),
    team: (teamId) => {
      const team = teams.get(teamId);
      if (!team) throw new Error(`the fake Slack has no workspace ${teamId}`);
      return team.view;
    },
    authorize: async (authorizeUrl, as) => {
      const response = await fetch(authorizeUrl, { redirect: "manual", headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(`${as.teamId}:${as.userId}${as.orgWide ? `:${as.orgWide}` : ""}`)}` } });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    },
    get contractViolations() {
      return allWorkspaces().flatMap((team) => team.contract.violations);
    },
    takeContractViolations: () => allWorkspaces().flatMap((team) => team.contract.take()),
    close: () =>
      (closed ??= (async () => {
        await socketMode.close();
        faults.releaseAll();
        for (const team of allWorkspaces()) team.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // Each ledger throws for violations no test was failed for; every workspace's is checked.
        const errors: unknown[] = [];
        for (const team of allWorkspaces()) {
          try {
            team.contract.close();
          } catch (error) {
            errors.push(error);
          }
        }
        if (errors.length > 0) throw errors[0];
      })()),
  };
}
