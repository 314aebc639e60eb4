// The HTTP half of the fake: Discord's REST API under /api/v10, answering with Discord-shaped JSON,
// status codes, error codes and rate-limit headers, so @discordjs/rest behaves as it does in production.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { checkRequestBody, describeProblem, DISCORD_SPEC_VERSION, invalidFormBody, type BodyProblem } from "./contract.ts";
import { matchPattern, type FaultInjector } from "./faults.ts";
import {
  discordError,
  faultReply,
  flattenHeaders,
  invalidForm,
  parseBody,
  readBody,
  requiredField,
  safeDecode,
  successRateLimitHeaders,
  unknownChannel,
  unknownInteraction,
  unknownMessage,
  writeReply,
  type Reply,
} from "./http.ts";
import { Intent, type Gateway, type GatewaySession } from "./gateway.ts";
import {
  applicationJson,
  channelJson,
  guildJson,
  InteractionKind,
  memberJson,
  messageJson,
  userJson,
} from "./payloads.ts";
import {
  ChannelKind,
  MessageFlag,
  type DispatchedInteraction,
  type FakeChannel,
  type RecordedFile,
  type RecordedRequest,
  type StoredAttachment,
  type StoredCommand,
  type StoredMessage,
  type World,
} from "./world.ts";

const API_PREFIX = "/api/v10";
const MAX_CONTENT_LENGTH = 2000;
/** Discord only de-duplicates `enforce_nonce` messages created within the last few minutes. */
const NONCE_WINDOW_MS = 5 * 60 * 1000;

export const ResponseType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

/** Which callback types Discord accepts for which interaction types. */
const ALLOWED_RESPONSES: Record<number, readonly number[]> = {
  [InteractionKind.ApplicationCommand]: [4, 5, 9],
  [InteractionKind.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionKind.Autocomplete]: [8],
  [InteractionKind.ModalSubmit]: [4, 5, 6, 7],
};

interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
  /** performance.now() when the request arrived; used to time interaction acknowledgements. */
  arrivedAt: number;
}

interface Route {
  method: string;
  pattern: string;
  /** "bot": needs `Authorization: Bot <token>`; "url-token": authenticated by the token in the path. */
  auth: "bot" | "url-token" | "none";
  handle: (context: RouteContext) => Reply | Promise<Reply>;
}

export interface RestApiOptions {
  /** Callbacks arriving later than this after dispatch are refused with 10062 Unknown interaction. */
  ackWindowMs: number;
}

export class RestApi {
  private readonly routes: Route[];
  /**
   * How an Interactions Endpoint URL is checked before it is saved (interactionsEndpoint.ts): null when
   * it passed, otherwise what failed.
   */
  verifyEndpoint: (url: string) => Promise<string | null> = () => Promise.resolve("no endpoint check is set up");

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly faults: FaultInjector,
    private readonly options: RestApiOptions,
  ) {
    this.routes = this.defineRoutes();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const receivedAt = Date.now();
    const url = new URL(request.url ?? "/", "http://fake.invalid");
    const method = (request.method ?? "GET").toUpperCase();
    // Decoded once here, so records, fault patterns and routes all see `@original`, not `%40original`.
    const pathname = safeDecode(url.pathname);
    const path = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : null;
    const parsed = await parseBody(request.headers["content-type"], await readBody(request));
    const match = path === null ? null : this.findRoute(method, path);
    const fault = path === null ? null : this.faults.take(method, path);

    const record: RecordedRequest = {
      method,
      path: path ?? pathname,
      query: Object.fromEntries(url.searchParams),
      route: match?.route.pattern ?? null,
      body: parsed.body,
      files: parsed.files,
      headers: flattenHeaders(request),
      receivedAt,
      status: null,
      injectedFault: fault !== null,
    };
    this.world.requests.push(record);
    // Checked even when a fault is injected: the body was sent all the same.
    const problems = match && !parsed.invalidJson ? this.contractProblems(method, match.route.pattern, parsed.body) : [];

    let reply: Reply;
    let headers: Record<string, string> = {};
    if (fault) {
      ({ reply, headers } = faultReply(fault, routeKey(match?.route)));
    } else if (!match) {
      reply = discordError(404, 0, "404: Not Found");
    } else if (parsed.invalidJson) {
      reply = discordError(400, 50109, "The request body contains invalid JSON.");
    } else if (match.route.auth === "bot" && request.headers.authorization !== `Bot ${this.world.token}`) {
      reply = discordError(401, 0, "401: Unauthorized");
    } else if (problems.length > 0) {
      reply = { status: 400, body: invalidFormBody(problems) };
    } else {
      headers = successRateLimitHeaders(routeKey(match.route));
      reply = await this.runRoute(match.route, {
        params: match.params,
        query: url.searchParams,
        body: parsed.body,
        files: parsed.files,
        arrivedAt,
      });
    }

    record.status = reply.status;
    this.world.changed();
    writeReply(response, reply, headers);
  }

  /**
   * The one place where request bodies meet Discord's published schema (contract.ts). A body that does
   * not fit is answered 400 like Discord would, and recorded, so the test fails even if the bot
   * swallows the 400.
   */
  private contractProblems(method: string, pattern: string, body: unknown): BodyProblem[] {
    const problems = checkRequestBody(method, pattern, body);
    if (problems.length > 0) {
      this.world.contract.record({ platform: "discord", request: `${method} ${pattern} (${DISCORD_SPEC_VERSION})`, problems: problems.map(describeProblem), body });
    }
    return problems;
  }

  private async runRoute(route: Route, context: RouteContext): Promise<Reply> {
    try {
      return await route.handle(context);
    } catch (error) {
      // A bug in the fake must be loud, not look like a Discord outage.
      console.error("fake discord: route handler threw", error);
      return discordError(500, 0, `fake discord internal error: ${String(error)}`);
    }
  }

  private findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchPattern(route.pattern, path);
      if (params) return { route, params };
    }
    return null;
  }

  private defineRoutes(): Route[] {
    const route = (method: string, pattern: string, auth: Route["auth"], handle: Route["handle"]): Route => ({
      method,
      pattern,
      auth,
      handle,
    });
    // Literal segments (@me) come before the `:param` routes they would otherwise match.
    return [
      route("GET", "/gateway", "none", () => ({ status: 200, body: { url: this.gateway.url } })),
      route("GET", "/gateway/bot", "bot", () => this.gatewayBot()),
      route("GET", "/users/@me", "bot", () => ({ status: 200, body: this.botUserJson() })),
      route("POST", "/users/@me/channels", "bot", (context) => this.openDm(context)),
      // The guilds the bot is in, as partial guilds (one page: Discord's limit is 200 a page).
      route("GET", "/users/@me/guilds", "bot", () => ({
        status: 200,
        body: this.world.guilds.map((g) => ({ id: g.id, name: g.name, icon: null, banner: null, owner: false, permissions: "0", features: [] })),
      })),
      route("GET", "/users/:userId", "bot", (context) => this.getUser(context)),
      route("GET", "/applications/@me", "bot", () => ({ status: 200, body: applicationJson(this.world) })),
      route("PATCH", "/applications/@me", "bot", (context) => this.editApplication(context)),
      route("GET", "/applications/:applicationId/commands", "bot", (context) => this.listCommands(context)),
      route("PUT", "/applications/:applicationId/commands", "bot", (context) => this.overwriteCommands(context)),
      route("POST", "/applications/:applicationId/commands", "bot", (context) => this.upsertCommand(context)),
      route("GET", "/applications/:applicationId/guilds/:guildId/commands", "bot", (context) => this.listCommands(context)),
      route("PUT", "/applications/:applicationId/guilds/:guildId/commands", "bot", (context) => this.overwriteCommands(context)),
      route("POST", "/applications/:applicationId/guilds/:guildId/commands", "bot", (context) => this.upsertCommand(context)),
      route("GET", "/guilds/:guildId", "bot", (context) => this.getGuild(context)),
      route("GET", "/guilds/:guildId/members/:userId", "bot", (context) => this.getMember(context)),
      route("GET", "/channels/:channelId", "bot", (context) => this.getChannel(context)),
      route("GET", "/channels/:channelId/messages/:messageId", "bot", (context) => this.getChannelMessage(context)),
      route("POST", "/channels/:channelId/messages", "bot", (context) => this.createChannelMessage(context)),
      route("PATCH", "/channels/:channelId/messages/:messageId", "bot", (context) => this.editChannelMessage(context)),
      route("DELETE", "/channels/:channelId/messages/:messageId", "bot", (context) => this.deleteChannelMessage(context)),
      route("POST", "/interactions/:interactionId/:token/callback", "url-token", (context) => this.interactionCallback(context)),
      route("POST", "/webhooks/:applicationId/:token", "url-token", (context) => this.createFollowUp(context)),
      route("GET", "/webhooks/:applicationId/:token/messages/:messageId", "url-token", (context) => this.getWebhookMessage(context)),
      route("PATCH", "/webhooks/:applicationId/:token/messages/:messageId", "url-token", (context) => this.editWebhookMessage(context)),
      route("DELETE", "/webhooks/:applicationId/:token/messages/:messageId", "url-token", (context) => this.deleteWebhookMessage(context)),
    ];
  }

  // --- identity -------------------------------------------------------------------------------

  private gatewayBot(): Reply {
    return {
      status: 200,
      body: {
        url: this.gateway.url,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    };
  }

  private botUserJson() {
    return { ...userJson(this.world.botUser), verified: true, mfa_enabled: false, email: null, locale: "en-US" };
  }

  private getUser({ params }: RouteContext): Reply {
    const user = this.world.user(params.userId ?? "");
    return user ? { status: 200, body: userJson(user) } : discordError(404, 10013, "Unknown User");
  }

  private getGuild({ params }: RouteContext): Reply {
    const guild = this.world.guild(params.guildId ?? "");
    return guild ? { status: 200, body: guildJson(this.world, guild) } : discordError(404, 10004, "Unknown Guild");
  }

  private getMember({ params }: RouteContext): Reply {
    const guild = this.world.guild(params.guildId ?? "");
    if (!guild) return discordError(404, 10004, "Unknown Guild");
    const userId = params.userId ?? "";
    if (!guild.memberIds.includes(userId)) return discordError(404, 10007, "Unknown Member");
    return { status: 200, body: memberJson(this.world, guild, userId) };
  }

  // --- application commands -------------------------------------------------------------------

  /** Commands may only be managed for our own application and guilds the bot is in. */
  private commandScope(params: Record<string, string>): { guildId: string | null } | Reply {
    if (params.applicationId !== this.world.applicationId) return discordError(403, 50001, "Missing Access");
    if (params.guildId !== undefined && !this.world.guild(params.guildId)) return discordError(403, 50001, "Missing Access");
    return { guildId: params.guildId ?? null };
  }

  private listCommands({ params }: RouteContext): Reply {
    const scope = this.commandScope(params);
    if ("status" in scope) return scope;
    const commands = this.world.commands.filter((command) => command.guildId === scope.guildId);
    return { status: 200, body: commands.map((command) => this.commandJson(command)) };
  }

  private overwriteCommands({ params, body }: RouteContext): Reply {
    const scope = this.commandScope(params);
    if ("status" in scope) return scope;
    if (!Array.isArray(body)) return invalidForm({ _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }] });
    const definitions = body as Array<Record<string, unknown>>;
    const invalid = definitions.findIndex((definition) => typeof definition.name !== "string");
    if (invalid !== -1) return invalidForm({ [invalid]: { name: requiredField() } });

    const previous = this.world.commands.filter((command) => command.guildId === scope.guildId);
    const stored = definitions.map((definition) => this.newCommand(definition, scope.guildId, previous));
    this.world.replaceCommands(scope.guildId, stored);
    return { status: 200, body: stored.map((command) => this.commandJson(command)) };
  }

  private upsertCommand({ params, body }: RouteContext): Reply {
    const scope = this.commandScope(params);
    if ("status" in scope) return scope;
    const definition = (body ?? {}) as Record<string, unknown>;
    if (typeof definition.name !== "string") return invalidForm({ name: requiredField() });
    const existing = this.world.commands.filter((command) => command.guildId === scope.guildId);
    const replaced = existing.find((command) => sameCommand(command.definition, definition));
    const stored = this.newCommand(definition, scope.guildId, existing);
    this.world.replaceCommands(scope.guildId, [...existing.filter((command) => command !== replaced), stored]);
    return { status: replaced ? 200 : 201, body: this.commandJson(stored) };
  }

  /** Keeps the id of a same-named command, as Discord does when a command is re-registered. */
  private newCommand(definition: Record<string, unknown>, guildId: string | null, previous: StoredCommand[]): StoredCommand {
    const earlier = previous.find((command) => sameCommand(command.definition, definition));
    return {
      id: earlier?.id ?? this.world.nextId(),
      applicationId: this.world.applicationId,
      guildId,
      version: this.world.nextId(),
      definition,
    };
  }

  private commandJson(command: StoredCommand): Record<string, unknown> {
    return {
      type: 1,
      description: "",
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...command.definition,
      id: command.id,
      application_id: command.applicationId,
      version: command.version,
      ...(command.guildId ? { guild_id: command.guildId } : {}),
    };
  }

  // --- channels and messages ------------------------------------------------------------------

  private getChannel({ params }: RouteContext): Reply {
    const channel = this.world.channel(params.channelId ?? "");
    return channel ? { status: 200, body: channelJson(this.world, channel) } : unknownChannel();
  }

  private openDm({ body }: RouteContext): Reply {
    const recipientId = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
    const recipient = typeof recipientId === "string" ? this.world.user(recipientId) : undefined;
    if (!recipient || recipient.bot) return discordError(400, 50033, "Invalid Recipient(s)");
    return { status: 200, body: channelJson(this.world, this.world.openDm(recipient.id)) };
  }

  /** Channel messages as the bot can see them through channel routes: ephemeral ones are invisible. */
  private visibleMessage(params: Record<string, string>): { channel: FakeChannel; message: StoredMessage } | Reply {
    const channel = this.world.channel(params.channelId ?? "");
    if (!channel) return unknownChannel();
    const message = this.world.message(params.messageId ?? "");
    if (!message || message.deleted || message.channelId !== channel.id || message.flags & MessageFlag.Ephemeral) {
      return unknownMessage();
    }
    return { channel, message };
  }

  private getChannelMessage({ params }: RouteContext): Reply {
    const found = this.visibleMessage(params);
    if ("status" in found) return found;
    return { status: 200, body: messageJson(this.world, found.message) };
  }

  private createChannelMessage({ params, body, files }: RouteContext): Reply {
    const channel = this.world.channel(params.channelId ?? "");
    if (!channel) return unknownChannel();
    if (channel.type === ChannelKind.DM) {
      const recipient = this.world.user(channel.recipientIds[0] ?? "");
      if (recipient?.dmsClosed) return discordError(403, 50007, "Cannot send messages to this user");
    }
    const fields = (body ?? {}) as Record<string, unknown>;
    const problem = messageBodyProblem(fields, files, "");
    if (problem) return problem;

    const nonce = typeof fields.nonce === "string" || typeof fields.nonce === "number" ? fields.nonce : null;
    if (nonce !== null && fields.enforce_nonce === true) {
      const duplicate = this.world.messages.find(
        (message) =>
          message.channelId === channel.id &&
          message.authorId === this.world.botUser.id &&
          message.nonce === nonce &&
          Date.now() - Date.parse(message.createdAt) < NONCE_WINDOW_MS,
      );
      if (duplicate) return { status: 200, body: messageJson(this.world, duplicate) };
    }

    const message = this.world.createMessage({
      channel,
      authorId: this.world.botUser.id,
      type: fields.message_reference ? 19 : 0,
      content: typeof fields.content === "string" ? fields.content : "",
      embeds: arrayField(fields.embeds),
      components: arrayField(fields.components),
      attachments: this.attachmentsFor(files),
      flags: numberField(fields.flags) & MessageFlag.SuppressEmbeds,
      nonce,
      body,
    });
    this.announce("MESSAGE_CREATE", message);
    return { status: 200, body: messageJson(this.world, message) };
  }

  private editChannelMessage({ params, body, files }: RouteContext): Reply {
    const found = this.visibleMessage(params);
    if ("status" in found) return found;
    const { message } = found;
    if (message.authorId !== this.world.botUser.id) {
      return discordError(403, 50005, "Cannot edit a message authored by another user");
    }
    return this.applyEdit(message, body, files, "");
  }

  private deleteChannelMessage({ params }: RouteContext): Reply {
    const found = this.visibleMessage(params);
    if ("status" in found) return found;
    this.world.deleteMessage(found.message);
    this.announceDeletion(found.message);
    return { status: 204 };
  }

  private applyEdit(message: StoredMessage, body: unknown, files: RecordedFile[], errorPath: string): Reply {
    const fields = (body ?? {}) as Record<string, unknown>;
    const problem = messageBodyProblem(editedView(message, fields), files, errorPath);
    if (problem) return problem;
    this.world.editMessage(message, fields, this.attachmentsFor(files));
    this.announce("MESSAGE_UPDATE", message);
    return { status: 200, body: messageJson(this.world, message) };
  }

  private attachmentsFor(files: RecordedFile[]): StoredAttachment[] {
    return files.map((file) => ({
      id: this.world.nextId(),
      filename: file.filename,
      size: file.size,
      contentType: file.contentType,
    }));
  }

  /** Message events reach only sessions whose intents cover them, and never for ephemeral messages. */
  private announce(event: "MESSAGE_CREATE" | "MESSAGE_UPDATE", message: StoredMessage): void {
    if (message.flags & MessageFlag.Ephemeral) return;
    const payload = { ...messageJson(this.world, message), ...(message.guildId ? { guild_id: message.guildId } : {}) };
    this.gateway.dispatch(event, payload, (session) => wantsMessageEvents(session, message));
  }

  private announceDeletion(message: StoredMessage): void {
    if (message.flags & MessageFlag.Ephemeral) return;
    const payload = { id: message.id, channel_id: message.channelId, ...(message.guildId ? { guild_id: message.guildId } : {}) };
    this.gateway.dispatch("MESSAGE_DELETE", payload, (session) => wantsMessageEvents(session, message));
  }

  // --- interactions ---------------------------------------------------------------------------

  private interactionCallback({ params, query, body, arrivedAt }: RouteContext): Reply {
    const interaction = this.world.interaction(params.interactionId ?? "");
    if (!interaction || interaction.token !== params.token) return unknownInteraction();
    if (interaction.callback && !interaction.callback.late) {
      return discordError(400, 40060, "Interaction has already been acknowledged.");
    }

    const callback = (body ?? {}) as { type?: unknown; data?: unknown };
    const type = typeof callback.type === "number" ? callback.type : -1;
    const elapsedMs = arrivedAt - interaction.dispatchedAtMonotonic;
    const record = {
      interactionId: interaction.id,
      type,
      data: callback.data,
      receivedAt: Date.now(),
      elapsedMs,
      late: elapsedMs > this.options.ackWindowMs,
    };
    // Discord forgets interactions that were not acknowledged in time; the first attempt is kept.
    if (record.late || interaction.callback?.late) {
      interaction.callback ??= record;
      this.world.changed();
      return unknownInteraction();
    }
    if (!(ALLOWED_RESPONSES[interaction.type] ?? []).includes(type)) {
      return invalidForm({ type: { _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Invalid interaction response type" }] } });
    }
    const problem = this.applyCallback(interaction, type, (callback.data ?? {}) as Record<string, unknown>);
    if (problem) return problem;
    interaction.callback = record;
    this.world.changed();

    if (query.get("with_response") !== "true") return { status: 204 };
    const original = interaction.originalMessageId ? this.world.message(interaction.originalMessageId) : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: Boolean(original.flags & MessageFlag.Loading),
                response_message_ephemeral: Boolean(original.flags & MessageFlag.Ephemeral),
              }
            : {}),
        },
        resource: { type, ...(original && type !== ResponseType.DeferredUpdateMessage ? { message: messageJson(this.world, original) } : {}) },
      },
    };
  }

  /**
   * Only the Interactions Endpoint URL is kept, and only once it passes Discord's check: Discord POSTs
   * it a signed PING, which must be answered with a PONG, and a request with a bad signature, which must
   * be refused with 401; otherwise the URL is refused and the application keeps its former one.
   */
  private async editApplication({ body }: RouteContext): Promise<Reply> {
    const url = (body as { interactions_endpoint_url?: unknown } | undefined)?.interactions_endpoint_url;
    if (typeof url === "string" && url !== "") {
      const problem = await this.verifyEndpoint(url);
      this.world.endpointChecks.push({ url, problem });
      if (problem) return invalidForm({ interactions_endpoint_url: { _errors: [{ code: "APPLICATION_INTERACTIONS_ENDPOINT_URL_INVALID", message: "The specified interactions endpoint url could not be verified." }] } });
      this.world.interactionsEndpointUrl = url;
    } else if (url === "" || url === null) {
      this.world.interactionsEndpointUrl = null;
    }
    return { status: 200, body: applicationJson(this.world) };
  }

  /**
   * The interaction response a bot gave as its HTTP answer (interactions endpoint mode,
   * interactionsEndpoint.ts), checked against the published schema and taken exactly as the REST
   * callback would be.
   */
  acceptHttpResponse(interaction: DispatchedInteraction, body: unknown, arrivedAt: number): Reply {
    const problems = this.contractProblems("POST", "/interactions/:interactionId/:token/callback", body);
    if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
    return this.interactionCallback({ params: { interactionId: interaction.id, token: interaction.token }, query: new URLSearchParams(), body, files: [], arrivedAt });
  }

  /** Performs what each callback type does to messages; returns an error reply if the data is invalid. */
  private applyCallback(interaction: DispatchedInteraction, type: number, data: Record<string, unknown>): Reply | null {
    const channel = this.world.channel(interaction.channelId ?? "");
    const source = interaction.sourceMessageId ? this.world.message(interaction.sourceMessageId) : undefined;
    switch (type) {
      case ResponseType.ChannelMessageWithSource: {
        const problem = messageBodyProblem(data, [], "data.");
        if (problem) return problem;
        if (!channel) return unknownChannel();
        const message = this.world.createMessage({
          channel,
          authorId: this.world.botUser.id,
          type: interaction.type === InteractionKind.ApplicationCommand ? 20 : 0,
          content: typeof data.content === "string" ? data.content : "",
          embeds: arrayField(data.embeds),
          components: arrayField(data.components),
          flags: numberField(data.flags) & (MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds),
          interactionId: interaction.id,
          webhookId: this.world.applicationId,
          body: data,
        });
        interaction.originalMessageId = message.id;
        this.announce("MESSAGE_CREATE", message);
        return null;
      }
      case ResponseType.DeferredChannelMessageWithSource: {
        if (!channel) return unknownChannel();
        // The "Bot is thinking..." placeholder; the first edit of @original replaces it.
        const message = this.world.createMessage({
          channel,
          authorId: this.world.botUser.id,
          type: interaction.type === InteractionKind.ApplicationCommand ? 20 : 0,
          flags: MessageFlag.Loading | (numberField(data.flags) & MessageFlag.Ephemeral),
          interactionId: interaction.id,
          webhookId: this.world.applicationId,
          body: data,
        });
        interaction.originalMessageId = message.id;
        return null;
      }
      case ResponseType.DeferredUpdateMessage:
        if (!source) return invalidForm({ type: { _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "No message to update" }] } });
        interaction.originalMessageId = source.id;
        return null;
      case ResponseType.UpdateMessage: {
        if (!source) return invalidForm({ type: { _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "No message to update" }] } });
        const reply = this.applyEdit(source, data, [], "data.");
        if (reply.status !== 200) return reply;
        interaction.originalMessageId = source.id;
        return null;
      }
      case ResponseType.AutocompleteResult:
        if (!Array.isArray(data.choices)) return invalidForm({ data: { choices: requiredField() } });
        return null;
      case ResponseType.Modal:
        if (typeof data.custom_id !== "string" || typeof data.title !== "string" || !Array.isArray(data.components)) {
          return invalidForm({ data: { _errors: [{ code: "MODAL_INVALID", message: "A modal needs custom_id, title and components" }] } });
        }
        return null;
      default:
        return null;
    }
  }

  /** Webhook routes for interaction follow-ups live for the interaction's token, once acknowledged. */
  private webhookInteraction(params: Record<string, string>): DispatchedInteraction | Reply {
    const interaction = this.world.interactionByToken(params.token ?? "");
    if (params.applicationId !== this.world.applicationId || !interaction?.callback || interaction.callback.late) {
      return discordError(404, 10015, "Unknown Webhook");
    }
    return interaction;
  }

  private webhookMessage(params: Record<string, string>): { interaction: DispatchedInteraction; message: StoredMessage } | Reply {
    const interaction = this.webhookInteraction(params);
    if ("status" in interaction) return interaction;
    const id = params.messageId === "@original" ? interaction.originalMessageId : params.messageId;
    const belongs = id !== null && (id === interaction.originalMessageId || interaction.followUpMessageIds.includes(id ?? ""));
    const message = belongs ? this.world.message(id ?? "") : undefined;
    if (!message || message.deleted) return unknownMessage();
    return { interaction, message };
  }

  private createFollowUp({ params, query, body, files }: RouteContext): Reply {
    const interaction = this.webhookInteraction(params);
    if ("status" in interaction) return interaction;
    const fields = (body ?? {}) as Record<string, unknown>;
    const problem = messageBodyProblem(fields, files, "");
    if (problem) return problem;

    const original = interaction.originalMessageId ? this.world.message(interaction.originalMessageId) : undefined;
    let message: StoredMessage;
    if (original && original.flags & MessageFlag.Loading) {
      // Discord turns the first follow-up after a deferred reply into that reply, keeping its
      // ephemeral-ness, instead of posting a second message.
      this.world.editMessage(original, fields, this.attachmentsFor(files));
      message = original;
      this.announce("MESSAGE_CREATE", message);
    } else {
      const channel = this.world.channel(interaction.channelId ?? "");
      if (!channel) return unknownChannel();
      message = this.world.createMessage({
        channel,
        authorId: this.world.botUser.id,
        content: typeof fields.content === "string" ? fields.content : "",
        embeds: arrayField(fields.embeds),
        components: arrayField(fields.components),
        attachments: this.attachmentsFor(files),
        flags: numberField(fields.flags) & (MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds),
        interactionId: interaction.id,
        webhookId: this.world.applicationId,
        body,
      });
      interaction.followUpMessageIds.push(message.id);
      this.world.changed();
      this.announce("MESSAGE_CREATE", message);
    }
    return query.get("wait") === "true" ? { status: 200, body: messageJson(this.world, message) } : { status: 204 };
  }

  private getWebhookMessage({ params }: RouteContext): Reply {
    const found = this.webhookMessage(params);
    if ("status" in found) return found;
    return { status: 200, body: messageJson(this.world, found.message) };
  }

  private editWebhookMessage({ params, body, files }: RouteContext): Reply {
    const found = this.webhookMessage(params);
    if ("status" in found) return found;
    return this.applyEdit(found.message, body, files, "");
  }

  private deleteWebhookMessage({ params }: RouteContext): Reply {
    const found = this.webhookMessage(params);
    if ("status" in found) return found;
    this.world.deleteMessage(found.message);
    this.announceDeletion(found.message);
    return { status: 204 };
  }
}

// --- helpers ------------------------------------------------------------------------------------

function routeKey(route: Route | undefined): string {
  return route ? `${route.method} ${route.pattern}` : "unmatched";
}

function wantsMessageEvents(session: GatewaySession, message: StoredMessage): boolean {
  return Boolean(session.intents & (message.guildId ? Intent.GuildMessages : Intent.DirectMessages));
}

function sameCommand(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return a.name === b.name && (a.type ?? 1) === (b.type ?? 1);
}

function arrayField(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberField(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** The message as it would look after applying an edit body; used to validate before mutating. */
function editedView(message: StoredMessage, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    content: "content" in fields ? fields.content : message.content,
    embeds: "embeds" in fields ? fields.embeds : message.embeds,
    components: "components" in fields ? fields.components : message.components,
    attachments: "attachments" in fields ? fields.attachments : message.attachments,
  };
}

/** Discord's validation for message bodies: not empty, content at most 2000 characters. */
function messageBodyProblem(fields: Record<string, unknown>, files: RecordedFile[], errorPrefix: string): Reply | null {
  const content = typeof fields.content === "string" ? fields.content : "";
  if (content.length > MAX_CONTENT_LENGTH) {
    return invalidForm(
      nestError(`${errorPrefix}content`, {
        _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_CONTENT_LENGTH} or fewer in length.` }],
      }),
    );
  }
  const hasSomething =
    content.length > 0 ||
    arrayField(fields.embeds).length > 0 ||
    arrayField(fields.components).length > 0 ||
    arrayField(fields.attachments).length > 0 ||
    arrayField(fields.sticker_ids).length > 0 ||
    fields.poll !== undefined ||
    files.length > 0;
  return hasSomething ? null : discordError(400, 50006, "Cannot send an empty message");
}

function nestError(path: string, leaf: unknown): Record<string, unknown> {
  return path
    .split(".")
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), leaf) as Record<string, unknown>;
}
