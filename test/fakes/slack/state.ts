import { randomBytes, randomInt } from "node:crypto";
import { BOT_SCOPES } from "../../../src/adapters/slack/manifest.ts";
import { ContractLedger } from "../contractLedger.ts";

/** A workspace member as the fake knows it; only `id` is required. */
export interface FakeUser {
  id: string;
  name?: string;
  realName?: string;
  displayName?: string;
  email?: string;
  /** IANA zone, e.g. "Europe/Paris"; users.info derives tz_offset from it. */
  tz?: string;
  isBot?: boolean;
  isAdmin?: boolean;
  deleted?: boolean;
}

export interface FakeChannel {
  id: string;
  name?: string;
  isPrivate?: boolean;
  /** Set on the DM channels that conversations.open creates. */
  imUser?: string;
}

export interface WorkspaceOptions {
  teamId: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  users?: FakeUser[];
  channels?: FakeChannel[];
  /** Slack lets a trigger_id be exchanged for 3 s only. */
  triggerTtlMs?: number;
  /** The scopes the bot token was granted; by default those the app's generated manifest asks for. */
  botScopes?: readonly string[];
}

export interface RecordedCall {
  method: string;
  /** Arguments as Slack would read them: form fields, JSON bodies and query strings, with JSON-encoded fields (blocks, view, ...) decoded. */
  args: Record<string, unknown>;
  token: string | undefined;
  time: number;
  httpStatus: number;
  response: Record<string, unknown>;
  /** The call took effect but its answer was held back (a hold fault); the caller may never have heard it. */
  held?: boolean;
}

export interface MessageVersion {
  text: string | undefined;
  blocks: unknown[] | undefined;
  at: number;
}

export interface RecordedMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: unknown;
  /** The author: the bot user for everything the app posts. */
  user: string;
  postedVia: "chat.postMessage" | "response_url" | "acknowledgement";
  postedAt: number;
  updatedAt: number | undefined;
  /** Earlier versions, oldest first; chat.update and replace_original push here. */
  history: MessageVersion[];
  deletedAt: number | undefined;
}

export interface RecordedEphemeral {
  channel: string;
  user: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  messageTs: string;
  via: "chat.postEphemeral" | "response_url" | "acknowledgement";
  time: number;
}

export interface ViewVersion {
  view: Record<string, unknown>;
  at: number;
}

export interface RecordedView {
  id: string;
  triggerId: string;
  /** The user whose interaction minted the trigger. */
  userId: string | undefined;
  externalId: string | undefined;
  /** The view as Slack returns it (id, hash, state, ...), current version. */
  view: Record<string, unknown>;
  openedAt: number;
  history: ViewVersion[];
}

/** One views.publish: the Home tab a user sees from then on (the newest for a user is current). */
export interface PublishedHomeView {
  userId: string;
  /** The view as Slack returns it (id, hash, type "home", blocks, ...). */
  view: Record<string, unknown>;
  publishedAt: number;
}

export type InteractionKind = "slash_command" | "block_actions" | "view_submission";

export interface IssuedTrigger {
  id: string;
  userId: string;
  kind: InteractionKind;
  issuedAt: number;
  exchangedAt: number | undefined;
}

export interface ResponseUrlOrigin {
  kind: InteractionKind;
  userId: string;
  channelId: string | undefined;
  /** The message whose button was clicked, for replace_original / delete_original. */
  messageTs: string | undefined;
}

export interface IssuedResponseUrl {
  id: string;
  url: string;
  origin: ResponseUrlOrigin;
  issuedAt: number;
  uses: number;
}

export interface RecordedResponseUrlPost {
  responseUrlId: string;
  url: string;
  origin: ResponseUrlOrigin | undefined;
  body: Record<string, unknown>;
  responseType: string | undefined;
  replaceOriginal: boolean;
  deleteOriginal: boolean;
  text: string | undefined;
  blocks: unknown[] | undefined;
  httpStatus: number;
  time: number;
}

/**
 * What Slack showed in answer to a slash command or an interaction: the acknowledgement's own body
 * (a slash command's immediate response) or a post to the invocation's response_url. `url` is the
 * invocation's response_url either way, so that a test finds the answer to what it sent.
 */
export interface RecordedAnswer extends Omit<RecordedResponseUrlPost, "responseUrlId" | "httpStatus"> {
  via: "acknowledgement" | "response_url";
  httpStatus: number;
}

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | "">;

interface PendingWait {
  fail(error: Error): void;
}

/** Raised by Web API handlers; the fake answers `{ ok: false, error: code }` with HTTP 200, as Slack does. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    /** Fields Slack adds beside `error`, such as apps.manifest.validate's `errors`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/**
 * The workspace the fake pretends to be: directory (users, channels), what the app did to it (messages,
 * ephemerals, views, calls) and the short-lived handles Slack mints (trigger_ids, response_urls).
 */
export class Workspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly triggerTtlMs: number;
  /** Replaced by an OAuth install, which grants the scopes the app asked for. */
  botScopes: ReadonlySet<string>;

  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();

  readonly calls: RecordedCall[] = [];
  /** Payloads that did not fit Block Kit's documented limits (blockKit.ts). */
  readonly contract = new ContractLedger();
  /** Live messages per channel id, in posting order; deleted ones move to `deletedMessages`. */
  readonly messages: Record<string, RecordedMessage[]> = {};
  readonly deletedMessages: RecordedMessage[] = [];
  readonly ephemerals: RecordedEphemeral[] = [];
  readonly views: RecordedView[] = [];
  /** Every views.publish, in order. */
  readonly homeViews: PublishedHomeView[] = [];
  readonly responseUrlPosts: RecordedResponseUrlPost[] = [];
  /** Immediate responses and response_url posts, in the order Slack showed them. */
  readonly answers: RecordedAnswer[] = [];
  readonly triggers = new Map<string, IssuedTrigger>();
  readonly responseUrls = new Map<string, IssuedResponseUrl>();

  /** Set by the server once it listens; response_urls point back at it. */
  baseUrl = "";

  private readonly changeListeners = new Set<() => void>();
  private readonly pendingWaits = new Set<PendingWait>();
  private lastTsMicros = 0;

  constructor(options: WorkspaceOptions) {
    this.teamId = options.teamId;
    this.teamDomain = options.teamDomain ?? "fake-workspace";
    this.appId = options.appId ?? "A0FAKEAPP01";
    this.botUserId = options.botUserId ?? "U0FAKEBOT01";
    this.botId = options.botId ?? "B0FAKEBOT01";
    this.triggerTtlMs = options.triggerTtlMs ?? 3000;
    // Installing the app grants what its manifest asks for.
    this.botScopes = new Set(options.botScopes ?? BOT_SCOPES);
    this.users.set(this.botUserId, { id: this.botUserId, name: options.botName ?? "fakebot", isBot: true });
    for (const user of options.users ?? []) this.users.set(user.id, user);
    for (const channel of options.channels ?? []) this.channels.set(channel.id, channel);
  }

  // ---- directory --------------------------------------------------------------------------------

  /** Users and channels that a driven interaction mentions exist by definition, so they are added on first sight. */
  ensureUser(userId: string): FakeUser {
    let user = this.users.get(userId);
    if (!user) {
      user = { id: userId, name: userId.toLowerCase() };
      this.users.set(userId, user);
    }
    return user;
  }

  ensureChannel(channelId: string): FakeChannel {
    let channel = this.channels.get(channelId);
    if (!channel) {
      channel = { id: channelId, name: channelId.toLowerCase() };
      this.channels.set(channelId, channel);
    }
    return channel;
  }

  userName(userId: string): string {
    return this.users.get(userId)?.name ?? userId.toLowerCase();
  }

  channelName(channelId: string): string {
    const channel = this.channels.get(channelId);
    if (channel?.imUser) return "directmessage";
    return channel?.name ?? channelId.toLowerCase();
  }

  openDirectMessage(userId: string): { channel: FakeChannel; alreadyOpen: boolean } {
    for (const channel of this.channels.values()) {
      if (channel.imUser === userId) return { channel, alreadyOpen: true };
    }
    const channel: FakeChannel = { id: this.newId("D"), imUser: userId };
    this.channels.set(channel.id, channel);
    return { channel, alreadyOpen: false };
  }

  // ---- messages ---------------------------------------------------------------------------------

  /** A message as Slack shows it to the app, in chat.postMessage and chat.update answers and in block_actions payloads alike. */
  messageJson(message: RecordedMessage): { type: "message"; user: string; ts: string; text: string; [field: string]: unknown } {
    return {
      type: "message",
      user: message.user,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      text: message.text ?? "",
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ts: message.ts,
    };
  }

  messagesIn(channelId: string): RecordedMessage[] {
    return this.messages[channelId] ?? [];
  }

  findMessage(channelId: string, ts: string): RecordedMessage | undefined {
    return this.messages[channelId]?.find((message) => message.ts === ts);
  }

  addMessage(message: RecordedMessage): void {
    (this.messages[message.channel] ??= []).push(message);
    this.changed();
  }

  replaceMessage(message: RecordedMessage, next: { text: string | undefined; blocks: unknown[] | undefined }): void {
    const now = Date.now();
    message.history.push({ text: message.text, blocks: message.blocks, at: message.updatedAt ?? message.postedAt });
    message.text = next.text;
    message.blocks = next.blocks;
    message.updatedAt = now;
    this.changed();
  }

  deleteMessage(message: RecordedMessage): void {
    const list = this.messages[message.channel] ?? [];
    list.splice(list.indexOf(message), 1);
    message.deletedAt = Date.now();
    this.deletedMessages.push(message);
    this.changed();
  }

  // ---- interaction handles ----------------------------------------------------------------------

  issueTrigger(userId: string, kind: InteractionKind): IssuedTrigger {
    const trigger: IssuedTrigger = {
      id: `${randomInt(1e9, 1e10)}.${randomInt(1e8, 1e9)}.${randomBytes(16).toString("hex")}`,
      userId,
      kind,
      issuedAt: Date.now(),
      exchangedAt: undefined,
    };
    this.triggers.set(trigger.id, trigger);
    return trigger;
  }

  issueResponseUrl(origin: ResponseUrlOrigin): IssuedResponseUrl {
    const id = `${this.teamId}/${randomInt(1e12, 1e13)}/${randomBytes(12).toString("hex")}`;
    const issued: IssuedResponseUrl = { id, url: `${this.baseUrl}/response/${id}`, origin, issuedAt: Date.now(), uses: 0 };
    this.responseUrls.set(id, issued);
    return issued;
  }

  // ---- ids --------------------------------------------------------------------------------------

  newId(prefix: string): string {
    return prefix + randomBytes(6).toString("hex").toUpperCase().slice(0, 10);
  }

  /** Message timestamps are unique and increasing, like Slack's "seconds.micro" ts. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  /** The Home tab the user sees now, if the app ever published one. */
  homeViewOf(userId: string): PublishedHomeView | undefined {
    return this.homeViews.findLast((v) => v.userId === userId);
  }

  // ---- change notification and waiting ---------------------------------------------------------

  record<T>(list: T[], entry: T): T {
    list.push(entry);
    this.changed();
    return entry;
  }

  changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }

  /**
   * Resolves with the probe's first truthy value. The probe runs on every recorded change and, so that it
   * can also watch state outside the fake (a handler's side effect), every 25 ms. A probe that throws
   * counts as "not yet", so `expect(...)` can be used inside it.
   */
  waitFor<T>(probe: () => T, timeoutMs = 2000, what = "condition"): Promise<Truthy<T>> {
    return new Promise<Truthy<T>>((resolve, reject) => {
      let lastError: unknown;
      const attempt = (): boolean => {
        try {
          const value = probe();
          if (value) {
            finish();
            resolve(value as Truthy<T>);
            return true;
          }
        } catch (error) {
          lastError = error;
        }
        return false;
      };
      const pending: PendingWait = {
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const because = lastError instanceof Error ? `; last probe error: ${lastError.message}` : "";
        const recent = this.calls.slice(-8).map((call) => `${call.method}(${call.httpStatus}${call.response.ok ? "" : ` ${String(call.response.error)}`})`);
        pending.fail(new Error(`waitFor(${what}) timed out after ${timeoutMs} ms${because}; recent Web API calls: ${recent.join(", ") || "none"}`));
      }, timeoutMs);
      const poll = setInterval(attempt, 25);
      const listener = (): void => {
        attempt();
      };
      const finish = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.changeListeners.delete(listener);
        this.pendingWaits.delete(pending);
      };
      this.changeListeners.add(listener);
      this.pendingWaits.add(pending);
      attempt();
    });
  }

  close(): void {
    for (const pending of [...this.pendingWaits]) pending.fail(new Error("fake Slack was closed while waiting"));
    this.changeListeners.clear();
  }
}
