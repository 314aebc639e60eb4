// The WebSocket half of the fake: Discord's gateway protocol, JSON encoding only.
// Lifecycle per connection: HELLO → client IDENTIFY → READY + GUILD_CREATE per guild → dispatches;
// heartbeats are acknowledged; a dropped connection can RESUME and gets the dispatches it missed.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { randomBytes } from "node:crypto";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { guildCreateJson, userJson } from "./payloads.ts";
import type { World } from "./world.ts";

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

export const GatewayClose = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
} as const;

export const Intent = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
} as const;

/** Ops a client may send once identified that the fake accepts and ignores. */
const IGNORED_OPS = new Set<number>([
  GatewayOp.PresenceUpdate,
  GatewayOp.VoiceStateUpdate,
  GatewayOp.RequestGuildMembers,
  GatewayOp.RequestSoundboardSounds,
]);

const GATEWAY_PATH = "/gateway";
const RESUME_PATH = "/gateway-resume";

interface Connection {
  socket: WebSocket;
  /** `/gateway` or `/gateway-resume`: lets tests tell fresh connections from resumes. */
  path: string;
  session: GatewaySession | null;
}

export interface GatewaySession {
  id: string;
  intents: number;
  sequence: number;
  /** Every dispatch sent in this session, so a RESUME can replay what was missed. */
  history: Array<{ s: number; frame: string }>;
  connection: Connection | null;
  /** False once the client closed normally (1000/1001): Discord then forgets the session. */
  resumable: boolean;
  resumeCount: number;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** `ws://127.0.0.1:<port>`, known only once the HTTP server listens. */
  baseUrl: () => string;
}

export class Gateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  readonly sessions = new Map<string, GatewaySession>();

  constructor(
    private readonly world: World,
    private readonly options: GatewayOptions,
  ) {}

  get url(): string {
    return `${this.options.baseUrl()}${GATEWAY_PATH}`;
  }

  get resumeUrl(): string {
    return `${this.options.baseUrl()}${RESUME_PATH}`;
  }

  /** Sessions that will receive dispatches now or on resume. */
  get liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter((session) => session.connection !== null || session.resumable);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://fake.invalid");
    const path = url.pathname.replace(/\/+$/, "");
    if (path !== GATEWAY_PATH && path !== RESUME_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, path, url.searchParams));
  }

  private accept(socket: WebSocket, path: string, query: URLSearchParams): void {
    const connection: Connection = { socket, path, session: null };
    this.connections.add(connection);
    socket.on("message", (data, isBinary) => this.receive(connection, data, isBinary));
    socket.on("close", (code) => this.onClose(connection, code));
    socket.on("error", () => socket.terminate());

    if (query.get("v") !== "10") {
      socket.close(GatewayClose.InvalidApiVersion, "Invalid API version");
      return;
    }
    // Only JSON is spoken. `compress=zlib-stream` is ignored on purpose: discord.js parses text
    // frames as plain JSON even when it asked for compression, so uncompressed replies still work.
    if ((query.get("encoding") ?? "json") !== "json") {
      socket.close(GatewayClose.DecodeError, "Only encoding=json is supported by the fake");
      return;
    }
    this.send(connection, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error("binary frame");
      payload = JSON.parse(rawToString(data)) as { op?: unknown; d?: unknown };
    } catch {
      connection.socket.close(GatewayClose.DecodeError, "Error while decoding payload.");
      return;
    }
    const op = typeof payload.op === "number" ? payload.op : -1;
    this.world.gatewayEvents.push({
      direction: "received",
      sessionId: connection.session?.id ?? null,
      op,
      t: null,
      at: Date.now(),
    });
    this.world.changed();

    if (op === GatewayOp.Heartbeat) {
      this.send(connection, { op: GatewayOp.HeartbeatAck });
    } else if (op === GatewayOp.Identify) {
      this.identify(connection, payload.d);
    } else if (op === GatewayOp.Resume) {
      this.resume(connection, payload.d);
    } else if (IGNORED_OPS.has(op)) {
      if (!connection.session) connection.socket.close(GatewayClose.NotAuthenticated, "Not authenticated.");
    } else {
      connection.socket.close(GatewayClose.UnknownOpcode, "Unknown opcode.");
    }
  }

  private identify(connection: Connection, data: unknown): void {
    if (connection.session) {
      connection.socket.close(GatewayClose.AlreadyAuthenticated, "Already authenticated.");
      return;
    }
    const identify = (data ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (!this.tokenMatches(identify.token)) {
      connection.socket.close(GatewayClose.AuthenticationFailed, "Authentication failed.");
      return;
    }
    if (typeof identify.intents !== "number") {
      connection.socket.close(GatewayClose.InvalidIntents, "Invalid intent(s).");
      return;
    }
    if (identify.shard !== undefined && !isShardZeroOfOne(identify.shard)) {
      connection.socket.close(GatewayClose.InvalidShard, "Invalid shard.");
      return;
    }

    const session: GatewaySession = {
      id: randomBytes(16).toString("hex"),
      intents: identify.intents,
      sequence: 0,
      history: [],
      connection,
      resumable: true,
      resumeCount: 0,
    };
    this.sessions.set(session.id, session);
    connection.session = session;

    const { world } = this;
    this.dispatchTo(session, "READY", {
      v: 10,
      user_settings: {},
      user: { ...userJson(world.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: world.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.options.baseUrl() + RESUME_PATH,
      shard: [0, 1],
      application: { id: world.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ["fake-discord-gateway"],
    });
    // Without the Guilds intent Discord never makes the guilds available.
    if (session.intents & Intent.Guilds) {
      for (const guild of world.guilds) this.dispatchTo(session, "GUILD_CREATE", guildCreateJson(world, guild));
    }
  }

  private resume(connection: Connection, data: unknown): void {
    const resume = (data ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    const session = typeof resume.session_id === "string" ? this.sessions.get(resume.session_id) : undefined;
    if (connection.session || !session || !session.resumable || !this.tokenMatches(resume.token)) {
      this.send(connection, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    const previous = session.connection;
    if (previous && previous !== connection) {
      previous.session = null;
      previous.socket.close(GatewayClose.UnknownError, "Session resumed elsewhere");
    }
    session.connection = connection;
    session.resumeCount += 1;
    connection.session = session;

    const lastSeen = typeof resume.seq === "number" ? resume.seq : 0;
    for (const entry of session.history) {
      if (entry.s > lastSeen) connection.socket.send(entry.frame);
    }
    this.dispatchTo(session, "RESUMED", { _trace: ["fake-discord-gateway"] });
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    if (!session || session.connection !== connection) return;
    session.connection = null;
    if (code === 1000 || code === 1001) session.resumable = false;
    this.world.changed();
  }

  private tokenMatches(token: unknown): boolean {
    return typeof token === "string" && token.replace(/^Bot\s+/i, "") === this.world.token;
  }

  /**
   * Sends a dispatch to every live session accepted by `filter`; disconnected-but-resumable
   * sessions get it on resume. Returns how many sessions it was queued for.
   */
  dispatch(event: string, data: unknown, filter: (session: GatewaySession) => boolean = () => true): number {
    const targets = this.liveSessions.filter(filter);
    for (const session of targets) this.dispatchTo(session, event, data);
    return targets.length;
  }

  private dispatchTo(session: GatewaySession, event: string, data: unknown): void {
    session.sequence += 1;
    const frame = JSON.stringify({ op: GatewayOp.Dispatch, t: event, s: session.sequence, d: data });
    session.history.push({ s: session.sequence, frame });
    this.world.gatewayEvents.push({ direction: "sent", sessionId: session.id, op: GatewayOp.Dispatch, t: event, at: Date.now() });
    const socket = session.connection?.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    this.world.changed();
  }

  private send(connection: Connection, payload: { op: number; d?: unknown }): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    connection.socket.send(JSON.stringify({ op: payload.op, d: payload.d ?? null, s: null, t: null }));
    this.world.gatewayEvents.push({
      direction: "sent",
      sessionId: connection.session?.id ?? null,
      op: payload.op,
      t: null,
      at: Date.now(),
    });
  }

  /** Drops every connection with `code`; with the default 4000 discord.js resumes the session. */
  disconnectAll(code: number = GatewayClose.UnknownError): void {
    for (const connection of this.connections) connection.socket.close(code, "Disconnected by the fake");
  }

  /** Op 7: asks clients to reconnect and resume, as Discord does before moving a session. */
  requestReconnect(): void {
    for (const connection of this.connections) this.send(connection, { op: GatewayOp.Reconnect });
  }

  /** Terminates every connection and forgets all sessions; no upgrade is accepted afterwards. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function isShardZeroOfOne(shard: unknown): boolean {
  return Array.isArray(shard) && shard[0] === 0 && shard[1] === 1;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
