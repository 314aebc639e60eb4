// The fake's in-memory model of "Discord": who exists, which channels and messages there are,
// which commands and interactions the bot has seen, and every request it made. The HTTP routes
// and the gateway both read and mutate this one object, and every mutation calls `changed()` so
// that `waitFor` can re-check its predicate instead of polling.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { ContractLedger } from "../contractLedger.ts";
import type { FakeInteractionPayload } from "./payloads.ts";

export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
} as const;

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
} as const;

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** When true, the bot gets 403 "Cannot send messages to this user" when posting in the DM. */
  dmsClosed: boolean;
  locale: string;
}

export interface FakeRole {
  id: string;
  name: string;
  /** Permission bitfield as a decimal string, as Discord serialises it. */
  permissions: string;
  position: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  /** null for DM channels. */
  name: string | null;
  guildId: string | null;
  parentId: string | null;
  position: number;
  /** Only DM channels have recipients. */
  recipientIds: string[];
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: FakeRole[];
  channelIds: string[];
  memberIds: string[];
  /** User id → ids of the roles (besides @everyone) that member has. */
  memberRoleIds: Record<string, string[]>;
  joinedAt: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** Discord message type: 0 default, 20 chat-input command response. */
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  nonce: string | number | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Set for interaction responses and follow-ups. */
  interactionId: string | null;
  webhookId: string | null;
  /** Every request body that created or edited this message, oldest first. */
  revisions: unknown[];
}

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
}

export interface StoredCommand {
  id: string;
  applicationId: string;
  guildId: string | null;
  version: string;
  /** The command JSON exactly as the bot sent it (name, description, options, ...). */
  definition: Record<string, unknown>;
}

export interface InteractionCallbackRecord {
  interactionId: string;
  /** 4 reply, 5 deferred reply, 6 deferred update, 7 update message, 8 autocomplete result, 9 modal. */
  type: number;
  data: unknown;
  /** Wall-clock time the callback arrived. */
  receivedAt: number;
  /** Milliseconds between writing INTERACTION_CREATE to the gateway and receiving this callback. */
  elapsedMs: number;
  /** True when the callback came after the acknowledgement window and was refused like Discord does. */
  late: boolean;
}

export interface DispatchedInteraction {
  id: string;
  token: string;
  /** 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
  type: number;
  payload: Record<string, unknown>;
  channelId: string | null;
  guildId: string | null;
  userId: string;
  /** Id of the message a component/modal interaction came from, if any. */
  sourceMessageId: string | null;
  dispatchedAt: number;
  dispatchedAtMonotonic: number;
  callback: InteractionCallbackRecord | null;
  /** The message `@original` refers to once the interaction has been answered. */
  originalMessageId: string | null;
  followUpMessageIds: string[];
}

export interface RecordedFile {
  field: string;
  filename: string;
  size: number;
  contentType: string | null;
}

export interface RecordedRequest {
  method: string;
  /** Path below the API version prefix, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** The matched route template, e.g. `/channels/:channelId/messages`; null when no route matched. */
  route: string | null;
  body: unknown;
  files: RecordedFile[];
  headers: Record<string, string>;
  receivedAt: number;
  /** Filled in once the response is written. */
  status: number | null;
  /** True when the response was produced by `failNext` rather than the route. */
  injectedFault: boolean;
}

export interface GatewayEventRecord {
  direction: "received" | "sent";
  sessionId: string | null;
  op: number;
  /** Dispatch event name for op 0. */
  t: string | null;
  at: number;
}

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;

/** Real-looking snowflakes, so discord.js's createdTimestamp getters give sane dates. */
export function snowflake(): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  const ms = BigInt(Date.now()) - DISCORD_EPOCH;
  return ((ms << 22n) | (1n << 17n) | (1n << 12n) | snowflakeIncrement).toString();
}

export class World {
  /** The application's Public Key (the fake's HTTP interactions signing key, interactionsEndpoint.ts). */
  verifyKey = "0".repeat(64);
  /** The Interactions Endpoint URL set on the application (PATCH /applications/@me), or null. */
  interactionsEndpointUrl: string | null = null;
  /** Each Interactions Endpoint URL the application was asked to take, and why it was refused (null: taken). */
  readonly endpointChecks: { url: string; problem: string | null }[] = [];

  readonly users: FakeUser[] = [];
  readonly guilds: FakeGuild[] = [];
  readonly channels: FakeChannel[] = [];
  readonly messages: StoredMessage[] = [];
  readonly commands: StoredCommand[] = [];
  readonly interactions: DispatchedInteraction[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly gatewayEvents: GatewayEventRecord[] = [];
  /** Request bodies that did not fit Discord's published schema (contract.ts). */
  readonly contract = new ContractLedger();

  private readonly listeners = new Set<() => void>();

  constructor(
    readonly token: string,
    readonly botUser: FakeUser,
    readonly applicationId: string,
  ) {
    this.users.push(botUser);
  }

  nextId(): string {
    return snowflake();
  }

  nextInteractionToken(): string {
    return `aW50ZXJhY3Rpb24.${randomBytes(24).toString("base64url")}`;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  user(id: string): FakeUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  guild(id: string): FakeGuild | undefined {
    return this.guilds.find((guild) => guild.id === id);
  }

  channel(id: string): FakeChannel | undefined {
    return this.channels.find((channel) => channel.id === id);
  }

  message(id: string): StoredMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  interaction(id: string): DispatchedInteraction | undefined {
    return this.interactions.find((interaction) => interaction.id === id);
  }

  interactionByToken(token: string): DispatchedInteraction | undefined {
    return this.interactions.find((interaction) => interaction.token === token);
  }

  /** Replaces the global (guildId null) or one guild's command list. */
  replaceCommands(guildId: string | null, commands: StoredCommand[]): void {
    const others = this.commands.filter((command) => command.guildId !== guildId);
    this.commands.splice(0, this.commands.length, ...others, ...commands);
    this.changed();
  }

  /** The existing DM channel between the bot and a user, or a newly opened one. */
  openDm(userId: string): FakeChannel {
    const existing = this.channels.find(
      (channel) => channel.type === ChannelKind.DM && channel.recipientIds.includes(userId),
    );
    if (existing) return existing;
    const dm: FakeChannel = {
      id: this.nextId(),
      type: ChannelKind.DM,
      name: null,
      guildId: null,
      parentId: null,
      position: 0,
      recipientIds: [userId],
    };
    this.channels.push(dm);
    this.changed();
    return dm;
  }

  createMessage(fields: {
    channel: FakeChannel;
    authorId: string;
    type?: number;
    content?: string;
    embeds?: unknown[];
    components?: unknown[];
    attachments?: StoredAttachment[];
    flags?: number;
    nonce?: string | number | null;
    interactionId?: string | null;
    webhookId?: string | null;
    body: unknown;
  }): StoredMessage {
    const message: StoredMessage = {
      id: this.nextId(),
      channelId: fields.channel.id,
      guildId: fields.channel.guildId,
      authorId: fields.authorId,
      type: fields.type ?? 0,
      content: fields.content ?? "",
      embeds: fields.embeds ?? [],
      components: fields.components ?? [],
      attachments: fields.attachments ?? [],
      flags: fields.flags ?? 0,
      nonce: fields.nonce ?? null,
      createdAt: new Date().toISOString(),
      editedAt: null,
      deleted: false,
      interactionId: fields.interactionId ?? null,
      webhookId: fields.webhookId ?? null,
      revisions: [fields.body],
    };
    this.messages.push(message);
    this.changed();
    return message;
  }

  /** Applies the message fields present in an edit body, the way Discord's PATCH does. */
  editMessage(message: StoredMessage, body: Record<string, unknown>, newAttachments: StoredAttachment[]): void {
    if ("content" in body) message.content = typeof body.content === "string" ? body.content : "";
    if ("embeds" in body) message.embeds = Array.isArray(body.embeds) ? body.embeds : [];
    if ("components" in body) message.components = Array.isArray(body.components) ? body.components : [];
    if ("flags" in body && typeof body.flags === "number") {
      // Only SUPPRESS_EMBEDS is user-editable; ephemeral-ness never changes after creation.
      message.flags = (message.flags & ~MessageFlag.SuppressEmbeds) | (body.flags & MessageFlag.SuppressEmbeds);
    }
    if ("attachments" in body) {
      const keptIds = new Set(
        (Array.isArray(body.attachments) ? body.attachments : [])
          .map((attachment: unknown) => (attachment as { id?: unknown }).id)
          .filter((id): id is string => typeof id === "string"),
      );
      message.attachments = message.attachments.filter((attachment) => keptIds.has(attachment.id));
    }
    message.attachments.push(...newAttachments);
    // The first edit of a deferred reply is what replaces the "thinking..." placeholder.
    message.flags &= ~MessageFlag.Loading;
    message.editedAt = new Date().toISOString();
    message.revisions.push(body);
    this.changed();
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    this.changed();
  }

  /** Records an interaction as Discord sends it, over the gateway or to the interactions endpoint alike. */
  recordInteraction(payload: FakeInteractionPayload): DispatchedInteraction {
    const userId = payload.member?.user.id ?? payload.user?.id;
    if (!userId) throw new Error("fake discord: interaction payload has neither member.user nor user");
    return this.record({
      id: payload.id,
      token: payload.token,
      type: payload.type,
      payload: payload as unknown as Record<string, unknown>,
      channelId: payload.channel_id ?? null,
      guildId: payload.guild_id ?? null,
      userId,
      sourceMessageId: "message" in payload && payload.message ? payload.message.id : null,
      callback: null,
      originalMessageId: null,
      followUpMessageIds: [],
    });
  }

  private record(interaction: Omit<DispatchedInteraction, "dispatchedAt" | "dispatchedAtMonotonic">): DispatchedInteraction {
    const dispatched: DispatchedInteraction = {
      ...interaction,
      dispatchedAt: Date.now(),
      dispatchedAtMonotonic: performance.now(),
    };
    this.interactions.push(dispatched);
    this.changed();
    return dispatched;
  }
}
