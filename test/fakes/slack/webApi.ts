import type { IncomingMessage, ServerResponse } from "node:http";
import { randomInt } from "node:crypto";
import { checkPayload, slackMessages } from "./blockKit.ts";
import { checkManifest } from "./manifestSchema.ts";
import { checkMetadata } from "./metadata.ts";
import type { FakeOAuth } from "./oauth.ts";
import { SlackApiError, type FakeChannel, type FakeUser, type RecordedMessage, type Workspace } from "./state.ts";

export interface FaultSpec {
  /** Which Web API methods the fault applies to; all when omitted. */
  method?: string | RegExp;
  /** How many matching calls fail; 1 when omitted. */
  count?: number;
  /** Slack error code: "ratelimited" answers HTTP 429 with Retry-After, anything else HTTP 200 with ok:false. */
  error?: string;
  /** HTTP status to answer with instead of 200 (e.g. 500, 503). */
  status?: number;
  /** Seconds for the Retry-After header of a ratelimited answer; 1 when omitted. */
  retryAfter?: number;
  /**
   * The call takes effect (a chat.postMessage is posted and recorded) but its HTTP answer is held back
   * until `release()` or the fake closes: a caller killed meanwhile never learns that Slack took it.
   */
  hold?: boolean;
}

export interface FaultHandle {
  /** Calls this fault has answered (or, for a hold, taken and held) so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
  /** Sends the answers a hold fault is holding back, and those of calls it takes from now on. */
  release(): void;
}

interface Fault {
  spec: FaultSpec;
  remaining: number;
  hits: number;
  released: Promise<void>;
  release(): void;
}

/** What a matching fault does to a call: answers it instead of the method, or lets it run and holds the answer. */
type FaultEffect = { reply: ApiReply } | { hold: Promise<void> };

interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

type TokenKind = "bot" | "app" | "config" | "none";

/** Whose a token is: each workspace has its own bot token; a revoked one (the app uninstalled) is refused. */
export type TokenOwner = { kind: "bot" | "app" | "config" | "revoked"; workspace: Workspace };

export interface WebApiDeps {
  /** The workspace that calls without a valid token are recorded in (the fake's first). */
  primary: Workspace;
  faults: FaultPlan;
  ownerOf(token: string): TokenOwner | undefined;
  /** The app's OAuth (oauth.v2.access); undefined for a single-workspace app. */
  oauth: FakeOAuth | undefined;
  openSocketModeUrl: () => string;
}

interface MethodContext {
  args: Record<string, unknown>;
  /** The workspace of the token: a bot token acts on its own workspace only. */
  workspace: Workspace;
  /** The Authorization header, for methods that authenticate the app itself (oauth.v2.access). */
  authorization: string | undefined;
  oauth: FakeOAuth | undefined;
  /** Where a Socket Mode client should connect; only apps.connections.open uses it. */
  openSocketModeUrl: () => string;
}

interface MethodDefinition {
  token: TokenKind;
  handle(ctx: MethodContext): Record<string, unknown>;
}

/** Fields that @slack/web-api JSON-encodes inside form bodies and that the app means as structures. */
const JSON_ENCODED_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks"]);

export class FaultPlan {
  private readonly faults: Fault[] = [];

  add(spec: FaultSpec): FaultHandle {
    if (spec.error === undefined && spec.status === undefined && !spec.hold) throw new Error("failNext needs an error code, an HTTP status or hold");
    if (spec.hold && (spec.error !== undefined || spec.status !== undefined)) throw new Error("a held call answers as the method does: give hold alone");
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const fault: Fault = { spec, remaining: spec.count ?? 1, hits: 0, released, release };
    this.faults.push(fault);
    return {
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
      cancel: () => {
        fault.remaining = 0;
      },
      release: () => fault.release(),
    };
  }

  /** Consumes one use of the first fault that matches the method, if any. */
  take(method: string): FaultEffect | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && methodMatches(candidate.spec.method, method));
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    const { error, status, retryAfter, hold } = fault.spec;
    if (hold) return { hold: fault.released };
    if (error === "ratelimited" || status === 429) {
      return { reply: { status: 429, headers: { "Retry-After": String(retryAfter ?? 1) }, body: { ok: false, error: "ratelimited" } } };
    }
    return { reply: { status: status ?? 200, headers: {}, body: { ok: false, error: error ?? "internal_error" } } };
  }

  /** Lets every held answer go (the fake is closing). */
  releaseAll(): void {
    for (const fault of this.faults) fault.release();
  }
}

function methodMatches(pattern: string | RegExp | undefined, method: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === "string" ? pattern === method : pattern.test(method);
}

export async function readRequestBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves `/api/<method>` like slack.com/api does: form, JSON or multipart bodies, bearer or `token` field auth. */
export async function handleWebApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  deps: WebApiDeps,
): Promise<void> {
  const rawBody = await readRequestBody(req);
  const query = new URL(req.url ?? "/", "http://fake").searchParams;
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

  let args: Record<string, unknown> = fieldsOf(query);
  let reply: ApiReply | undefined;
  try {
    args = { ...args, ...(await parseBody(rawBody, contentType, req.headers["content-type"] ?? "")) };
  } catch {
    reply = ok200({ ok: false, error: contentType === "application/json" ? "invalid_json" : "invalid_form_data" });
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  // Slack reads a `token` field only from form bodies and query strings; JSON callers must use the header.
  const fieldToken = contentType === "application/json" ? undefined : stringOrUndefined(args.token);
  const token = bearer ?? fieldToken;
  delete args.token;
  const owner = token === undefined ? undefined : deps.ownerOf(token);
  const workspace = owner?.workspace ?? deps.primary;

  const definition = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  let held: Promise<void> | undefined;
  if (!definition) {
    reply ??= ok200({ ok: false, error: "unknown_method", req_method: method });
  } else {
    const contract = reply ? null : checkContract(method, args, workspace);
    const refusal = reply ?? authenticate(definition.token, token, owner) ?? contract?.refusal;
    const fault = refusal ? undefined : deps.faults.take(method);
    if (fault && "hold" in fault) held = fault.hold;
    reply =
      refusal ??
      (fault && "reply" in fault ? fault.reply : undefined) ??
      runMethod(definition, { args, workspace, authorization: req.headers.authorization, oauth: deps.oauth, openSocketModeUrl: deps.openSocketModeUrl });
    if (contract?.truncated && reply.body.ok === true) {
      reply.body.response_metadata = { messages: ["[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters."], warnings: ["message_truncated"] };
    }
  }

  workspace.record(workspace.calls, { method, args, token, time: Date.now(), httpStatus: reply.status, response: reply.body, held: held !== undefined });
  // Taken and recorded; the caller hears of it only once the hold is released (if it is still there).
  if (held) await held;
  res.writeHead(reply.status, { "Content-Type": "application/json; charset=utf-8", ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

/**
 * The one place where Web API payloads meet Block Kit's documented limits (blockKit.ts). A payload that
 * does not fit is refused as Slack refuses it, and recorded, so the test fails even if the bot swallows
 * the error; a text Slack would truncate is posted, with Slack's warning, and recorded too.
 */
function checkContract(method: string, args: Record<string, unknown>, workspace: Workspace): { refusal: ApiReply | undefined; truncated: boolean } {
  const check = checkPayload(method, args);
  if (check.problems.length > 0) {
    workspace.contract.record({ platform: "slack", request: method, problems: check.problems.map((p) => `${p.pointer}: ${p.message}`), body: args });
  }
  const refusal = check.error
    ? ok200({ ok: false, error: check.error, errors: check.problems.map((p) => `${p.message} [json-pointer:${p.pointer}]`), response_metadata: { messages: slackMessages(check.problems) } })
    : undefined;
  return { refusal, truncated: check.truncated };
}

function ok200(body: Record<string, unknown>): ApiReply {
  return { status: 200, headers: {}, body };
}

function authenticate(required: TokenKind, token: string | undefined, owner: TokenOwner | undefined): ApiReply | undefined {
  if (required === "none") return undefined;
  if (!token) return ok200({ ok: false, error: "not_authed" });
  if (!owner) return ok200({ ok: false, error: "invalid_auth" });
  if (owner.kind === "revoked") return ok200({ ok: false, error: "token_revoked" });
  if (owner.kind !== required) return ok200({ ok: false, error: "not_allowed_token_type" });
  return undefined;
}

function runMethod(definition: MethodDefinition, ctx: MethodContext): ApiReply {
  try {
    return ok200({ ok: true, ...definition.handle(ctx) });
  } catch (error) {
    if (error instanceof SlackApiError) return ok200({ ok: false, error: error.code, ...error.details });
    throw error;
  }
}

async function parseBody(rawBody: string, contentType: string, fullContentType: string): Promise<Record<string, unknown>> {
  if (rawBody === "") return {};
  if (contentType === "application/json") {
    const parsed: unknown = JSON.parse(rawBody);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  }
  if (contentType === "multipart/form-data") {
    const form = await new Response(rawBody, { headers: { "Content-Type": fullContentType } }).formData();
    const fields: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) fields[key] = typeof value === "string" ? decodeField(key, value) : value;
    return fields;
  }
  return fieldsOf(new URLSearchParams(rawBody));
}

function fieldsOf(params: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of params) fields[key] = decodeField(key, value);
  return fields;
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_ENCODED_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ---- argument helpers ---------------------------------------------------------------------------

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function requiredString(args: Record<string, unknown>, name: string, error = "invalid_arguments"): string {
  const value = args[name];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  throw new SlackApiError(error);
}

/** Slack's booleans: true, or "true"/"1" in form bodies and query strings. */
function booleanArg(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === 1;
}

/** A bot token carries the scopes the app was installed with; a method that needs another answers missing_scope. */
function requireScope(workspace: Workspace, needed: string): void {
  if (!workspace.botScopes.has(needed)) throw new SlackApiError("missing_scope", { needed, provided: [...workspace.botScopes].join(",") });
}

/** A Slack timestamp argument ("1512085950.000216"), or the error the method answers for a malformed one. */
function tsArg(value: unknown, error: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const text = String(value);
  if (!/^\d+(\.\d{1,6})?$/.test(text)) throw new SlackApiError(error);
  return tsMicros(text);
}

const tsMicros = (ts: string): number => {
  const [seconds, fraction = ""] = ts.split(".");
  return Number(seconds) * 1e6 + Number(fraction.padEnd(6, "0"));
};

function blocksArg(args: Record<string, unknown>): unknown[] | undefined {
  const blocks = args.blocks;
  if (blocks === undefined || blocks === "") return undefined;
  if (!Array.isArray(blocks)) throw new SlackApiError("invalid_blocks");
  return blocks;
}

function arrayArg(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function objectArg(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** chat.postMessage accepts a user id and posts into the app's DM with that user, as Slack does. */
function resolveChannel(workspace: Workspace, channelId: string): FakeChannel {
  const channel = workspace.channels.get(channelId);
  if (channel) return channel;
  if (/^[UW]/.test(channelId) && workspace.users.has(channelId)) return workspace.openDirectMessage(channelId).channel;
  throw new SlackApiError("channel_not_found");
}

function knownUser(workspace: Workspace, userId: string): FakeUser {
  const user = workspace.users.get(userId);
  if (!user) throw new SlackApiError("user_not_found");
  return user;
}

function channelJson(workspace: Workspace, channel: FakeChannel): Record<string, unknown> {
  if (channel.imUser) {
    return { id: channel.id, is_im: true, is_channel: false, is_private: true, user: channel.imUser, is_open: true };
  }
  return {
    id: channel.id,
    name: workspace.channelName(channel.id),
    is_channel: !channel.isPrivate,
    is_group: Boolean(channel.isPrivate),
    is_im: false,
    is_private: Boolean(channel.isPrivate),
    is_archived: false,
    is_member: true,
  };
}

function userJson(workspace: Workspace, user: FakeUser): Record<string, unknown> {
  const tz = user.tz ?? "UTC";
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.realName ?? name;
  return {
    id: user.id,
    team_id: workspace.teamId,
    name,
    deleted: Boolean(user.deleted),
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: timeZoneOffsetSeconds(tz),
    is_admin: Boolean(user.isAdmin),
    is_owner: false,
    is_bot: Boolean(user.isBot),
    is_app_user: false,
    updated: Math.floor(Date.now() / 1000),
    profile: {
      real_name: realName,
      display_name: user.displayName ?? name,
      ...(user.email ? { email: user.email } : {}),
      team: workspace.teamId,
    },
  };
}

function timeZoneOffsetSeconds(timeZone: string, at = new Date()): number {
  const wallClock = (zone: string): number => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(at)
        .map((part) => [part.type, Number(part.value)]),
    );
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  };
  try {
    return Math.round((wallClock(timeZone) - wallClock("UTC")) / 1000);
  } catch {
    return 0;
  }
}

function buildViewOutput(workspace: Workspace, id: string, view: Record<string, unknown>, rootViewId: string): Record<string, unknown> {
  return {
    id,
    team_id: workspace.teamId,
    type: view.type ?? "modal",
    title: view.title ?? null,
    submit: view.submit ?? null,
    close: view.close ?? null,
    blocks: arrayArg(view.blocks) ?? [],
    private_metadata: typeof view.private_metadata === "string" ? view.private_metadata : "",
    callback_id: typeof view.callback_id === "string" ? view.callback_id : "",
    external_id: typeof view.external_id === "string" ? view.external_id : "",
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${randomInt(1e7, 1e8)}`,
    clear_on_close: Boolean(view.clear_on_close),
    notify_on_close: Boolean(view.notify_on_close),
    root_view_id: rootViewId,
    previous_view_id: null,
    app_id: workspace.appId,
    app_installed_team_id: workspace.teamId,
    bot_id: workspace.botId,
  };
}

// ---- methods ------------------------------------------------------------------------------------

const METHODS: Record<string, MethodDefinition> = {
  "api.test": {
    token: "none",
    handle: ({ args }) => ({ args }),
  },

  "auth.test": {
    token: "bot",
    handle: ({ workspace }) => ({
      url: `https://${workspace.teamDomain}.slack.com/`,
      team: workspace.teamDomain,
      user: workspace.userName(workspace.botUserId),
      team_id: workspace.teamId,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      is_enterprise_install: false,
    }),
  },

  // Checks a manifest against the constraints of Slack's published manifest schema (manifestSchema.ts),
  // answering as Slack does: invalid_manifest with one { message, pointer } per problem. It takes an app
  // configuration token; the manifest comes as a JSON string, as @slack/web-api sends it.
  "apps.manifest.validate": {
    token: "config",
    handle: ({ args, workspace }) => {
      let manifest: unknown = args.manifest;
      if (typeof manifest === "string") {
        try {
          manifest = JSON.parse(manifest);
        } catch {
          throw new SlackApiError("invalid_manifest");
        }
      }
      if (manifest === undefined) throw new SlackApiError("invalid_arguments");
      const problems = checkManifest(manifest);
      if (problems.length === 0) return {};
      workspace.contract.record({ platform: "slack", request: "apps.manifest.validate", problems: problems.map((p) => `${p.pointer}: ${p.message}`), body: manifest });
      throw new SlackApiError("invalid_manifest", { errors: problems });
    },
  },

  // https://docs.slack.dev/reference/methods/oauth.v2.access: the app's client_id and client_secret
  // (HTTP Basic or form fields), the code of the redirect, and the redirect_uri if the authorize URL had one.
  "oauth.v2.access": {
    token: "none",
    handle: ({ args, authorization, oauth }) => {
      if (!oauth) throw new SlackApiError("invalid_client_id");
      return oauth.exchange(args, authorization);
    },
  },

  "apps.connections.open": {
    token: "app",
    handle: ({ openSocketModeUrl }) => ({ url: openSocketModeUrl() }),
  },

  "chat.postMessage": {
    token: "bot",
    handle: ({ args, workspace }) => {
      requireScope(workspace, "chat:write");
      const channel = resolveChannel(workspace, requiredString(args, "channel", "channel_not_found"));
      const text = stringOrUndefined(args.text);
      const blocks = blocksArg(args);
      const attachments = arrayArg(args.attachments);
      if (text === undefined && !blocks && !attachments) throw new SlackApiError("no_text");
      const metadata = checkMetadata(args.metadata);
      if (metadata.problems.length > 0) {
        workspace.contract.record({ platform: "slack", request: "chat.postMessage", problems: metadata.problems.map((p) => `${p.pointer}: ${p.message}`), body: args });
      }
      if (metadata.error) throw new SlackApiError(metadata.error);
      const message: RecordedMessage = {
        channel: channel.id,
        ts: workspace.nextTs(),
        threadTs: stringOrUndefined(args.thread_ts),
        text,
        blocks,
        attachments,
        metadata: metadata.metadata,
        user: workspace.botUserId,
        postedVia: "chat.postMessage",
        postedAt: Date.now(),
        updatedAt: undefined,
        history: [],
        deletedAt: undefined,
      };
      workspace.addMessage(message);
      const warnings = metadata.warning ? { response_metadata: { warnings: [metadata.warning] } } : {};
      return { channel: channel.id, ts: message.ts, message: workspace.messageJson(message), ...warnings };
    },
  },

  "chat.update": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = resolveChannel(workspace, requiredString(args, "channel", "channel_not_found"));
      const message = workspace.findMessage(channel.id, requiredString(args, "ts", "message_not_found"));
      if (!message) throw new SlackApiError("message_not_found");
      if (message.user !== workspace.botUserId) throw new SlackApiError("cant_update_message");
      const text = stringOrUndefined(args.text);
      const blocks = blocksArg(args);
      // Slack keeps fields the update leaves out, so a text-only update keeps the blocks.
      workspace.replaceMessage(message, { text: text ?? message.text, blocks: blocks ?? message.blocks });
      return { channel: channel.id, ts: message.ts, text: message.text ?? "", message: workspace.messageJson(message) };
    },
  },

  "chat.delete": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = resolveChannel(workspace, requiredString(args, "channel", "channel_not_found"));
      const message = workspace.findMessage(channel.id, requiredString(args, "ts", "message_not_found"));
      if (!message) throw new SlackApiError("message_not_found");
      if (message.user !== workspace.botUserId) throw new SlackApiError("cant_delete_message");
      workspace.deleteMessage(message);
      return { channel: channel.id, ts: message.ts };
    },
  },

  "chat.postEphemeral": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = resolveChannel(workspace, requiredString(args, "channel", "channel_not_found"));
      const user = knownUser(workspace, requiredString(args, "user", "user_not_found"));
      const text = stringOrUndefined(args.text);
      const blocks = blocksArg(args);
      if (text === undefined && !blocks && !args.attachments) throw new SlackApiError("no_text");
      const messageTs = workspace.nextTs();
      workspace.record(workspace.ephemerals, {
        channel: channel.id,
        user: user.id,
        text,
        blocks,
        threadTs: stringOrUndefined(args.thread_ts),
        messageTs,
        via: "chat.postEphemeral",
        time: Date.now(),
      });
      return { message_ts: messageTs };
    },
  },

  "chat.getPermalink": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = resolveChannel(workspace, requiredString(args, "channel", "channel_not_found"));
      const ts = requiredString(args, "message_ts", "message_not_found");
      if (!workspace.findMessage(channel.id, ts)) throw new SlackApiError("message_not_found");
      return { channel: channel.id, permalink: `https://${workspace.teamDomain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}` };
    },
  },

  "conversations.open": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const existing = stringOrUndefined(args.channel);
      if (existing) {
        const channel = workspace.channels.get(existing);
        if (!channel) throw new SlackApiError("channel_not_found");
        return { no_op: true, already_open: true, channel: channelJson(workspace, channel) };
      }
      const userIds = requiredString(args, "users", "users_list_not_supplied").split(",").map((id) => id.trim()).filter(Boolean);
      if (userIds.length !== 1) throw new SlackApiError("not_supported");
      const user = knownUser(workspace, userIds[0]!);
      const { channel, alreadyOpen } = workspace.openDirectMessage(user.id);
      const returnIm = args.return_im === true || args.return_im === "true" || args.return_im === "1";
      return {
        ...(alreadyOpen ? { no_op: true, already_open: true } : {}),
        channel: returnIm ? channelJson(workspace, channel) : { id: channel.id },
      };
    },
  },

  "conversations.info": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = workspace.channels.get(requiredString(args, "channel", "channel_not_found"));
      if (!channel) throw new SlackApiError("channel_not_found");
      return { channel: channelJson(workspace, channel) };
    },
  },

  // docs.slack.dev/reference/methods/conversations.history: a bot token with the *:history scope of the
  // conversation's kind; messages newest first between `oldest` (default 0) and `latest` (default now),
  // bounds excluded unless `inclusive`; at most `limit` (default 100, at most 999) a page, then
  // `has_more` and `response_metadata.next_cursor` for the next, older page. Thread replies are not
  // part of a channel's history. Metadata is returned only with `include_all_metadata`.
  "conversations.history": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const channel = workspace.channels.get(requiredString(args, "channel", "channel_not_found"));
      if (!channel) throw new SlackApiError("channel_not_found");
      requireScope(workspace, channel.imUser ? "im:history" : channel.isPrivate ? "groups:history" : "channels:history");
      const inclusive = booleanArg(args.inclusive);
      const oldest = tsArg(args.oldest, "invalid_ts_oldest") ?? 0;
      const latest = tsArg(args.latest, "invalid_ts_latest") ?? Number.POSITIVE_INFINITY;
      const limitArg = args.limit === undefined || args.limit === "" ? 100 : Number(args.limit);
      if (!Number.isInteger(limitArg) || limitArg < 0) throw new SlackApiError("invalid_limit");
      const limit = Math.min(limitArg === 0 ? 100 : limitArg, 999);
      const cursor = stringOrUndefined(args.cursor);
      let before = Number.POSITIVE_INFINITY;
      if (cursor) {
        const next = /^next_ts:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"))?.[1];
        if (!next) throw new SlackApiError("invalid_cursor");
        before = Number(next);
      }
      const inRange = (micros: number) =>
        (inclusive ? micros >= oldest : micros > oldest) && (inclusive ? micros <= latest : micros < latest) && micros < before;
      const newestFirst = workspace
        .messagesIn(channel.id)
        .filter((m) => m.threadTs === undefined || m.threadTs === m.ts)
        .filter((m) => inRange(tsMicros(m.ts)))
        .sort((a, b) => tsMicros(b.ts) - tsMicros(a.ts));
      const page = newestFirst.slice(0, limit);
      const hasMore = newestFirst.length > page.length;
      const withMetadata = booleanArg(args.include_all_metadata);
      return {
        messages: page.map((m) => ({ ...workspace.messageJson(m), ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) })),
        has_more: hasMore,
        pin_count: 0,
        channel_actions_ts: null,
        channel_actions_count: 0,
        response_metadata: { next_cursor: hasMore ? Buffer.from(`next_ts:${tsMicros(page.at(-1)!.ts)}`).toString("base64") : "" },
      };
    },
  },

  "users.info": {
    token: "bot",
    handle: ({ args, workspace }) => ({ user: userJson(workspace, knownUser(workspace, requiredString(args, "user", "user_not_found"))) }),
  },

  "views.open": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const triggerId = requiredString(args, "trigger_id", "invalid_trigger_id");
      const view = objectArg(args.view);
      if (!view) throw new SlackApiError("invalid_arguments");
      const trigger = workspace.triggers.get(triggerId);
      if (!trigger) throw new SlackApiError("invalid_trigger_id");
      if (trigger.exchangedAt !== undefined) throw new SlackApiError("exchanged_trigger_id");
      if (Date.now() - trigger.issuedAt >= workspace.triggerTtlMs) throw new SlackApiError("expired_trigger_id");
      const externalId = stringOrUndefined(view.external_id);
      if (externalId && workspace.views.some((recorded) => recorded.externalId === externalId)) throw new SlackApiError("duplicate_external_id");
      trigger.exchangedAt = Date.now();
      const id = workspace.newId("V");
      const output = buildViewOutput(workspace, id, view, id);
      workspace.record(workspace.views, { id, triggerId, userId: trigger.userId, externalId, view: output, openedAt: Date.now(), history: [] });
      return { view: output };
    },
  },

  // A Home tab, strictly: a known user and a "home" view within Block Kit's limits (checked in checkContract).
  "views.publish": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const userId = requiredString(args, "user_id", "invalid_arguments");
      knownUser(workspace, userId);
      const view = objectArg(args.view);
      if (!view) throw new SlackApiError("invalid_arguments");
      if (view.type !== "home") throw new SlackApiError("invalid_arguments");
      // The view's Block Kit was checked before the method ran (checkContract).
      const current = workspace.homeViewOf(userId);
      const hash = stringOrUndefined(args.hash);
      if (hash && current && hash !== current.view.hash) throw new SlackApiError("hash_conflict");
      const id = current ? String(current.view.id) : workspace.newId("V");
      const output = buildViewOutput(workspace, id, view, id);
      workspace.record(workspace.homeViews, { userId, view: output, publishedAt: Date.now() });
      return { view: output };
    },
  },

  "views.update": {
    token: "bot",
    handle: ({ args, workspace }) => {
      const viewId = stringOrUndefined(args.view_id);
      const externalId = stringOrUndefined(args.external_id);
      if (!viewId && !externalId) throw new SlackApiError("invalid_arguments");
      const view = objectArg(args.view);
      if (!view) throw new SlackApiError("invalid_arguments");
      const recorded = workspace.views.find((candidate) => (viewId ? candidate.id === viewId : candidate.externalId === externalId));
      if (!recorded) throw new SlackApiError("not_found");
      const hash = stringOrUndefined(args.hash);
      if (hash && hash !== recorded.view.hash) throw new SlackApiError("hash_conflict");
      recorded.history.push({ view: recorded.view, at: Date.now() });
      recorded.view = buildViewOutput(workspace, recorded.id, view, String(recorded.view.root_view_id ?? recorded.id));
      recorded.externalId = stringOrUndefined(view.external_id) ?? recorded.externalId;
      workspace.changed();
      return { view: recorded.view };
    },
  },
};
