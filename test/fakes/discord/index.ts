// A fake Discord on loopback that an unmodified discord.js v14 Client can log in to:
//
//   const fake = await startFakeDiscord();
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
//   await client.login(fake.token);
//   const handle = fake.sendInteraction(fake.chatInput({ name: "poll", subcommand: "open" }));
//   const callback = await handle.waitForCallback();
//   ...
//   await client.destroy();   // before fake.close(), or the client keeps trying to reconnect
//   await fake.close();
import { createServer, type Server } from "node:http";
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
} from "discord.js";
import type { AddressInfo } from "node:net";
import type { ContractViolation } from "../contractLedger.ts";
import { FaultInjector, type FaultSpec } from "./faults.ts";
import { Gateway, type GatewaySession } from "./gateway.ts";
import {
  buildAutocomplete,
  buildButton,
  buildChatInput,
  buildModalSubmit,
  DEFAULT_EVERYONE_PERMISSIONS,
  type AutocompleteOptions,
  type ButtonOptions,
  type ChatInputOptions,
  type FakeInteractionPayload,
  type ModalSubmitOptions,
} from "./payloads.ts";
import { RestApi, type RestApiOptions } from "./server.ts";
import { HttpInteractions } from "./interactionsEndpoint.ts";
import {
  ChannelKind,
  snowflake,
  World,
  type DispatchedInteraction,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type GatewayEventRecord,
  type InteractionCallbackRecord,
  type RecordedRequest,
  type StoredCommand,
  type StoredMessage,
} from "./world.ts";

export { ChannelKind, MessageFlag } from "./world.ts";
export type {
  DispatchedInteraction,
  FakeChannel,
  FakeGuild,
  FakeRole,
  FakeUser,
  GatewayEventRecord,
  InteractionCallbackRecord,
  RecordedFile,
  RecordedRequest,
  StoredAttachment,
  StoredCommand,
  StoredMessage,
} from "./world.ts";
export { DEFAULT_APP_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, InteractionKind, OptionType } from "./payloads.ts";
export type {
  AutocompleteOptions,
  ButtonOptions,
  ChatInputOptions,
  FakeInteractionPayload,
  InteractionActor,
  ModalSubmitOptions,
  OptionInput,
} from "./payloads.ts";
export { ResponseType } from "./server.ts";
export type { FaultSpec } from "./faults.ts";
export type { ContractViolation } from "../contractLedger.ts";
export type { EndpointAnswer, HttpInteractions, SignedPost, SigningOptions } from "./interactionsEndpoint.ts";
export { GatewayClose } from "./gateway.ts";
export type { GatewaySession } from "./gateway.ts";

export interface FakeUserConfig {
  id?: string;
  username: string;
  globalName?: string;
  locale?: string;
  /** The user blocks DMs from the bot: posting in their DM answers 403 (code 50007). */
  dmsClosed?: boolean;
}

export interface FakeChannelConfig {
  id?: string;
  name: string;
  /** Discord channel type; default 0 (guild text). See `ChannelKind`. */
  type?: number;
  /** Name of a category channel of the same guild. */
  parent?: string;
}

export interface FakeRoleConfig {
  id?: string;
  name: string;
  /** Permission bitfield as a decimal string; default "0". */
  permissions?: string;
  /** Usernames or ids of the members who have this role. */
  members?: string[];
}

export interface FakeGuildConfig {
  id?: string;
  name?: string;
  /** Default: a single text channel named "general". */
  channels?: FakeChannelConfig[];
  /** Extra roles besides @everyone. */
  roles?: FakeRoleConfig[];
  everyonePermissions?: string;
  /** Usernames or ids of members besides the bot. Default: every configured user. */
  members?: string[];
  /** Username or id; default the first user. */
  owner?: string;
}

export interface FakeDiscordOptions {
  /** The bot token clients must present. */
  token?: string;
  bot?: { id?: string; username?: string };
  /** Human users. Default: alice and bob. */
  users?: FakeUserConfig[];
  /** Default: one guild with a #general text channel. */
  guilds?: FakeGuildConfig[];
  /** Sent in HELLO. Discord uses ~41 s; the client's first beat comes at a random fraction of it. */
  heartbeatIntervalMs?: number;
  /** Callbacks later than this are refused with 404 "Unknown interaction", like Discord's 3 s window. */
  ackWindowMs?: number;
  port?: number;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: FakeInteractionPayload;
  readonly record: DispatchedInteraction;
  /** Resolves with the bot's first callback (its acknowledgement), including a late one. */
  waitForCallback(timeoutMs?: number): Promise<InteractionCallbackRecord>;
  /** The message `@original` points at, once the bot has answered with a message or update. */
  originalMessage(): StoredMessage | null;
}

export interface GatewayControls {
  /** Sessions that receive dispatches now or on resume. */
  readonly sessions: readonly GatewaySession[];
  /** Drops all gateway connections; with the default code 4000 discord.js resumes. */
  disconnectAll(code?: number): void;
  /** Sends op 7 Reconnect to every connection. */
  requestReconnect(): void;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class FakeDiscord {
  private readonly pendingWaits = new Set<(error: Error) => void>();

  private readonly world: World;
  private readonly httpServer: Server;
  private readonly gatewayServer: Gateway;
  private readonly faults: FaultInjector;
  private readonly restOptions: RestApiOptions;
  /** Base URL to pass as `rest.api`; discord.js appends `/v10`. */
  readonly apiUrl: string;
  /** HTTP interactions mode: POSTs signed interactions to the bot's endpoint (interactionsEndpoint.ts). */
  readonly http: HttpInteractions;

  private constructor(parts: {
    world: World;
    httpServer: Server;
    gateway: Gateway;
    faults: FaultInjector;
    restOptions: RestApiOptions;
    rest: RestApi;
    apiUrl: string;
  }) {
    this.world = parts.world;
    this.httpServer = parts.httpServer;
    this.gatewayServer = parts.gateway;
    this.faults = parts.faults;
    this.restOptions = parts.restOptions;
    this.apiUrl = parts.apiUrl;
    this.http = new HttpInteractions(parts.world, parts.rest, () => this.restOptions.ackWindowMs);
    parts.rest.verifyEndpoint = (url) => this.http.verifyEndpoint(url);
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const world = buildWorld(options);
    let baseUrl = "";
    const gateway = new Gateway(world, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      baseUrl: () => baseUrl,
    });
    const faults = new FaultInjector();
    const restOptions: RestApiOptions = { ackWindowMs: options.ackWindowMs ?? 3000 };
    const rest = new RestApi(world, gateway, faults, restOptions);
    const server = createServer((request, response) => {
      rest.handle(request, response).catch((error: unknown) => {
        console.error("fake discord: request failed", error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    server.on("upgrade", (request, socket, head) => gateway.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    baseUrl = `ws://127.0.0.1:${port}`;
    return new FakeDiscord({
      world,
      httpServer: server,
      gateway,
      faults,
      restOptions,
      rest,
      apiUrl: `http://127.0.0.1:${port}/api`,
    });
  }

  // --- the configured world -----------------------------------------------------------------

  get token(): string {
    return this.world.token;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  get botUser(): FakeUser {
    return this.world.botUser;
  }

  /** All users, the bot first. */
  get users(): readonly FakeUser[] {
    return this.world.users;
  }

  get guilds(): readonly FakeGuild[] {
    return this.world.guilds;
  }

  /** The first configured guild. */
  get guild(): FakeGuild {
    const guild = this.world.guilds[0];
    if (!guild) throw new Error("fake discord: no guild configured");
    return guild;
  }

  /** A user by id or username. */
  user(idOrName: string): FakeUser {
    const user = this.world.users.find((candidate) => candidate.id === idOrName || candidate.username === idOrName);
    if (!user) throw new Error(`fake discord: no user ${idOrName}`);
    return user;
  }

  /** A channel by id or name (guild channels only by name). */
  channel(idOrName: string): FakeChannel {
    const channel = this.world.channels.find((candidate) => candidate.id === idOrName || candidate.name === idOrName);
    if (!channel) throw new Error(`fake discord: no channel ${idOrName}`);
    return channel;
  }

  /** The DM channel the bot opened with a user, if it did. */
  dmChannelWith(userIdOrName: string): FakeChannel | null {
    const user = this.user(userIdOrName);
    return (
      this.world.channels.find((channel) => channel.type === ChannelKind.DM && channel.recipientIds.includes(user.id)) ?? null
    );
  }

  // --- recordings ---------------------------------------------------------------------------

  /** Every REST request received, in order, including rejected and unmatched ones. */
  get requests(): readonly RecordedRequest[] {
    return this.world.requests;
  }

  /** Requests no route matched (answered 404). */
  get unmatchedRequests(): readonly RecordedRequest[] {
    return this.world.requests.filter((request) => request.route === null && !request.injectedFault);
  }

  /** Every message ever created, in its current state; deleted ones stay with `deleted: true`. */
  get messages(): readonly StoredMessage[] {
    return this.world.messages;
  }

  /** A message by id, in its current state (deleted ones too). */
  message(id: string): StoredMessage | undefined {
    return this.world.message(id);
  }

  /** Live (not deleted) messages of one channel, oldest first. */
  messagesIn(channelId: string): StoredMessage[] {
    return this.world.messages.filter((message) => message.channelId === channelId && !message.deleted);
  }

  /** Each Interactions Endpoint URL the application was asked to take, with why it was refused (null: taken). */
  get endpointChecks(): readonly { url: string; problem: string | null }[] {
    return this.world.endpointChecks;
  }

  /** Application commands the bot registered; `guildId` null for global ones. */
  get commands(): readonly StoredCommand[] {
    return this.world.commands;
  }

  get interactions(): readonly DispatchedInteraction[] {
    return this.world.interactions;
  }

  /** Interaction id → the bot's first callback for it. */
  get interactionResponses(): ReadonlyMap<string, InteractionCallbackRecord> {
    return new Map(
      this.world.interactions.flatMap((interaction) =>
        interaction.callback ? [[interaction.id, interaction.callback] as const] : [],
      ),
    );
  }

  /** Gateway traffic: ops received from clients and ops/dispatches sent to them. */
  get gatewayEvents(): readonly GatewayEventRecord[] {
    return this.world.gatewayEvents;
  }

  get gateway(): GatewayControls {
    const gateway = this.gatewayServer;
    return {
      get sessions() {
        return gateway.liveSessions;
      },
      disconnectAll: (code?: number) => gateway.disconnectAll(code),
      requestReconnect: () => gateway.requestReconnect(),
    };
  }

  // --- interactions -------------------------------------------------------------------------

  /** A type-2 (APPLICATION_COMMAND) payload with data.type 1; options nest under subcommand/group. */
  chatInput(spec: ChatInputOptions): APIChatInputApplicationCommandInteraction {
    return buildChatInput(this.world, spec);
  }

  /** A type-4 (APPLICATION_COMMAND_AUTOCOMPLETE) payload with `focused: true` on one option. */
  autocomplete(spec: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction {
    return buildAutocomplete(this.world, spec);
  }

  /** A type-3 (MESSAGE_COMPONENT) payload, component_type 2, carrying the stored message. */
  button(spec: ButtonOptions): APIMessageComponentButtonInteraction {
    return buildButton(this.world, spec);
  }

  /** A type-5 (MODAL_SUBMIT) payload with one text input per entry of `fields`. */
  modalSubmit(spec: ModalSubmitOptions): APIModalSubmitInteraction {
    return buildModalSubmit(this.world, spec);
  }

  /** Dispatches INTERACTION_CREATE to every connected (or resumable) client session. */
  sendInteraction(payload: FakeInteractionPayload): InteractionHandle {
    if (this.gatewayServer.liveSessions.length === 0) {
      throw new Error("fake discord: no gateway session to deliver the interaction to; has the client logged in?");
    }
    const record = this.world.recordInteraction(payload);
    this.gatewayServer.dispatch("INTERACTION_CREATE", payload);

    const world = this.world;
    return {
      id: payload.id,
      token: payload.token,
      payload,
      record,
      waitForCallback: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
        this.waitFor(() => record.callback, timeoutMs, `the bot's callback for interaction ${payload.id}`),
      originalMessage: () => (record.originalMessageId ? (world.message(record.originalMessageId) ?? null) : null),
    };
  }

  // --- faults -------------------------------------------------------------------------------

  /** Callbacks arriving later than this after dispatch get 404 "Unknown interaction" (and `late: true`). */
  get ackWindowMs(): number {
    return this.restOptions.ackWindowMs;
  }

  set ackWindowMs(ms: number) {
    this.restOptions.ackWindowMs = ms;
  }

  /** Makes the next matching REST request(s) fail with the given status instead of being handled. */
  failNext(spec: FaultSpec): void {
    this.faults.arm(spec);
  }

  /** How many armed fault responses have not been used yet. */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  // --- waiting ------------------------------------------------------------------------------

  /**
   * Resolves with the first truthy value `check` returns, re-checking on every change the fake
   * records (requests, messages, callbacks, gateway traffic); rejects after `timeoutMs`.
   */
  waitFor<T>(check: () => T | null | undefined | false, timeoutMs = DEFAULT_TIMEOUT_MS, description = "condition"): Promise<NonNullable<T>> {
    const immediate = check();
    if (immediate) return Promise.resolve(immediate as NonNullable<T>);
    return new Promise((resolve, reject) => {
      const finish = (error: Error | null, value?: NonNullable<T>) => {
        clearTimeout(timer);
        unsubscribe();
        this.pendingWaits.delete(abort);
        if (error) reject(error);
        else resolve(value as NonNullable<T>);
      };
      const abort = (error: Error) => finish(error);
      const timer = setTimeout(
        () => finish(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${description}`)),
        timeoutMs,
      );
      const unsubscribe = this.world.onChange(() => {
        try {
          const value = check();
          if (value) finish(null, value as NonNullable<T>);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      });
      this.pendingWaits.add(abort);
    });
  }

  /** The first request matching `predicate` that has been answered (its `status` is set). */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RecordedRequest> {
    return this.waitFor(
      () => this.world.requests.find((request) => request.status !== null && predicate(request)),
      timeoutMs,
      "a matching request",
    );
  }

  waitForMessage(predicate: (message: StoredMessage) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<StoredMessage> {
    return this.waitFor(() => this.world.messages.find(predicate), timeoutMs, "a matching message");
  }

  // --- the published contract ---------------------------------------------------------------

  /** Every request body that did not fit Discord's published schema (each was answered 400). */
  get contractViolations(): readonly ContractViolation[] {
    return this.world.contract.violations;
  }

  /** Hands over the violations no test has been failed for yet; for tests that send bad bodies on purpose. */
  takeContractViolations(): ContractViolation[] {
    return this.world.contract.take();
  }

  // --- shutdown -----------------------------------------------------------------------------

  /**
   * Closes every socket and the listener; pending waits reject. Destroy clients first. Then throws
   * if a request body did not fit Discord's schema and no test has been failed for it yet.
   */
  async close(): Promise<void> {
    for (const abort of [...this.pendingWaits]) abort(new Error("fake discord: closed while waiting"));
    this.faults.clear();
    await this.gatewayServer.close();
    await new Promise<void>((resolve, reject) => {
      this.httpServer.close((error) => (error ? reject(error) : resolve()));
      this.httpServer.closeAllConnections();
    });
    this.world.contract.close();
  }
}

export function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}

function buildWorld(options: FakeDiscordOptions): World {
  const botId = options.bot?.id ?? snowflake();
  const botUser: FakeUser = {
    id: botId,
    username: options.bot?.username ?? "fake-bot",
    globalName: null,
    bot: true,
    dmsClosed: false,
    locale: "en-US",
  };
  const token = options.token ?? `${Buffer.from(botId).toString("base64url")}.fake.discord-token`;
  // Modern applications share their id with their bot user.
  const world = new World(token, botUser, botId);

  for (const config of options.users ?? [{ username: "alice" }, { username: "bob" }]) {
    world.users.push({
      id: config.id ?? world.nextId(),
      username: config.username,
      globalName: config.globalName ?? config.username,
      bot: false,
      dmsClosed: config.dmsClosed ?? false,
      locale: config.locale ?? "en-US",
    });
  }
  const humans = world.users.filter((user) => !user.bot);
  const findUser = (ref: string) => {
    const user = world.users.find((candidate) => candidate.id === ref || candidate.username === ref);
    if (!user) throw new Error(`fake discord: guild config names unknown user ${ref}`);
    return user;
  };

  for (const config of options.guilds ?? [{}]) {
    const guildId = config.id ?? world.nextId();
    const memberIds = (config.members ?? humans.map((user) => user.id)).map((ref) => findUser(ref).id);
    const guild: FakeGuild = {
      id: guildId,
      name: config.name ?? "Fake Guild",
      ownerId: config.owner ? findUser(config.owner).id : (memberIds[0] ?? botUser.id),
      // @everyone's id is the guild's id.
      roles: [{ id: guildId, name: "@everyone", permissions: config.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, position: 0 }],
      channelIds: [],
      memberIds: [botUser.id, ...memberIds.filter((id) => id !== botUser.id)],
      memberRoleIds: {},
      joinedAt: new Date().toISOString(),
    };
    for (const [index, roleConfig] of (config.roles ?? []).entries()) {
      const role = { id: roleConfig.id ?? snowflake(), name: roleConfig.name, permissions: roleConfig.permissions ?? "0", position: index + 1 };
      guild.roles.push(role);
      for (const ref of roleConfig.members ?? []) {
        const userId = findUser(ref).id;
        guild.memberRoleIds[userId] = [...(guild.memberRoleIds[userId] ?? []), role.id];
      }
    }
    const channelConfigs = config.channels ?? [{ name: "general" }];
    const created: FakeChannel[] = channelConfigs.map((channelConfig, index) => ({
      id: channelConfig.id ?? world.nextId(),
      type: channelConfig.type ?? ChannelKind.GuildText,
      name: channelConfig.name,
      guildId,
      parentId: null,
      position: index,
      recipientIds: [],
    }));
    channelConfigs.forEach((channelConfig, index) => {
      if (!channelConfig.parent) return;
      const parent = created.find((channel) => channel.name === channelConfig.parent && channel.type === ChannelKind.GuildCategory);
      if (!parent) throw new Error(`fake discord: no category ${channelConfig.parent} in guild ${guild.name}`);
      const child = created[index];
      if (child) child.parentId = parent.id;
    });
    world.channels.push(...created);
    guild.channelIds = created.map((channel) => channel.id);
    world.guilds.push(guild);
  }
  return world;
}
