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
import { FaultPlan, handleWebApiRequest, type FaultHandle, type FaultSpec } from "./webApi.ts";

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
  /** Plays Slack in Socket Mode: envelopes over the app's WebSocket. */
  readonly socket: SocketModeServer;

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

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? "/", "http://fake");
    const apiMethod = /^\/api\/([\w.]+)$/.exec(pathname)?.[1];
    if (apiMethod) {
      await handleWebApiRequest(req, res, apiMethod, {
        workspace,
        faults,
        botToken: options.botToken,
        appToken: options.appToken,
        configToken,
        openSocketModeUrl: () => socketMode.openConnectionUrl(),
      });
      return;
    }
    const responseUrlId = /^\/response\/(.+)$/.exec(pathname)?.[1];
    if (responseUrlId && req.method === "POST") {
      await handleResponseUrlPost(req, res, responseUrlId, workspace);
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
  workspace.baseUrl = origin;

  let closed: Promise<void> | undefined;
  const http = new HttpDriver(workspace, options.signingSecret);

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
    get contractViolations() {
      return workspace.contract.violations;
    },
    takeContractViolations: () => workspace.contract.take(),
    close: () =>
      (closed ??= (async () => {
        await socketMode.close();
        faults.releaseAll();
        workspace.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        workspace.contract.close();
      })()),
  };
}
