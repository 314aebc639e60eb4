import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { randomBytes, randomUUID } from "node:crypto";
import type { BlockAction, SlashCommand, ViewSubmitAction } from "@slack/bolt";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import {
  buildAppHomeOpened,
  buildBlockAction,
  buildSlashCommand,
  buildViewSubmission,
  type AppHomeOpenedInput,
  type BlockActionInput,
  type SlashCommandInput,
  type ViewSubmissionInput,
} from "./payloads.ts";
import { showImmediateResponse } from "./responseUrls.ts";
import type { Workspace } from "./state.ts";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface SocketDeliveryOptions {
  /** Reject with SocketAckTimeoutError when the app has not acked by then; 3000 ms (Slack's window) when omitted. */
  timeoutMs?: number;
  /** How long to wait for the app to be connected before sending; 3000 ms when omitted. */
  connectTimeoutMs?: number;
  /** Redelivery fields of events_api envelopes. */
  retryAttempt?: number;
  retryReason?: string;
}

export interface RecordedAck {
  /** The `payload` of the app's ack message: `{}` for a bare ack(), the response otherwise. */
  payload: Record<string, unknown> | undefined;
  receivedAt: number;
  elapsedMs: number;
  /** Arrived after the delivery had already timed out. */
  late: boolean;
}

export interface RecordedEnvelope {
  envelopeId: string;
  type: EnvelopeType;
  payload: unknown;
  acceptsResponsePayload: boolean;
  connectionId: number;
  sentAt: number;
  ack: RecordedAck | undefined;
}

export interface SocketAck<P> {
  envelopeId: string;
  ackPayload: Record<string, unknown> | undefined;
  elapsedMs: number;
  /** What was sent, e.g. to read the trigger_id or response_url the app received. */
  payload: P;
}

export class SocketAckTimeoutError extends Error {
  constructor(
    readonly envelope: RecordedEnvelope,
    timeoutMs: number,
  ) {
    super(`the app did not ack ${envelope.type} envelope ${envelope.envelopeId} within ${timeoutMs} ms`);
  }
}

interface PendingAck {
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve(ack: RecordedAck): void;
  reject(error: Error): void;
}

interface Connection {
  id: number;
  socket: WebSocket;
  /** A disconnect message was sent: Slack sends nothing more on such a connection. */
  draining: boolean;
}

/**
 * Slack's Socket Mode endpoint: apps.connections.open hands out single-use `ws://.../link/?ticket=` URLs,
 * each connection gets `hello`, envelopes go to the newest live connection and wait for the app's ack.
 */
export class SocketModeServer {
  readonly envelopes: RecordedEnvelope[] = [];
  /** Ack messages whose envelope_id the fake never sent. */
  readonly strayAcks: unknown[] = [];
  /** Connections accepted since start, including closed ones. */
  connectionsOpened = 0;

  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly connections = new Map<number, Connection>();
  private readonly pendingAcks = new Map<string, PendingAck>();

  constructor(
    private readonly workspace: Workspace,
    private readonly wsBaseUrl: () => string,
  ) {}

  get openConnections(): number {
    return this.connections.size;
  }

  /** Mints the URL that apps.connections.open returns. */
  openConnectionUrl(): string {
    const ticket = randomBytes(16).toString("hex");
    this.tickets.add(ticket);
    return `${this.wsBaseUrl()}/link/?ticket=${ticket}&app_id=${this.workspace.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (!/^\/link\/?$/.test(url.pathname) || !this.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(socket: WebSocket): void {
    this.connectionsOpened += 1;
    const connection: Connection = { id: this.connectionsOpened, socket, draining: false };
    this.connections.set(connection.id, connection);
    socket.on("message", (data, isBinary) => {
      if (!isBinary) this.receive(data);
    });
    socket.on("close", () => {
      this.connections.delete(connection.id);
      this.workspace.changed();
    });
    // A client that vanishes mid-frame must not take the fake down; close follows anyway.
    socket.on("error", () => undefined);
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.connections.size,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.workspace.appId },
      }),
    );
    this.workspace.changed();
  }

  private receive(data: RawData): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      this.strayAcks.push(data.toString());
      return;
    }
    const envelope = this.envelopes.find((candidate) => candidate.envelopeId === message.envelope_id);
    if (!envelope || envelope.ack) {
      this.strayAcks.push(message);
      return;
    }
    const pending = this.pendingAcks.get(envelope.envelopeId);
    const receivedAt = Date.now();
    const elapsedMs = pending ? performance.now() - pending.startedAt : receivedAt - envelope.sentAt;
    const payload = message.payload !== null && typeof message.payload === "object" ? (message.payload as Record<string, unknown>) : undefined;
    envelope.ack = { payload, receivedAt, elapsedMs, late: !pending };
    if (pending) {
      clearTimeout(pending.timer);
      this.pendingAcks.delete(envelope.envelopeId);
      pending.resolve(envelope.ack);
    }
    this.workspace.changed();
  }

  // ---- driving the app ------------------------------------------------------------------------

  async slashCommand(input: SlashCommandInput, options?: SocketDeliveryOptions): Promise<SocketAck<SlashCommand>> {
    const ack = await this.deliver("slash_commands", buildSlashCommand(this.workspace, input), true, options);
    // An acknowledgement with a message is the command's immediate response, which Slack shows.
    showImmediateResponse(this.workspace, ack.payload.response_url, ack.ackPayload);
    return ack;
  }

  async blockAction(input: BlockActionInput, options?: SocketDeliveryOptions): Promise<SocketAck<BlockAction>> {
    return this.deliver("interactive", buildBlockAction(this.workspace, input), false, options);
  }

  async viewSubmission(input: ViewSubmissionInput, options?: SocketDeliveryOptions): Promise<SocketAck<ViewSubmitAction>> {
    return this.deliver("interactive", buildViewSubmission(this.workspace, input), true, options);
  }

  /** The user opens the app's Home: an `app_home_opened` event in an events_api envelope. */
  async appHomeOpened(input: AppHomeOpenedInput, options?: SocketDeliveryOptions): Promise<SocketAck<Record<string, unknown>>> {
    return this.deliver("events_api", buildAppHomeOpened(this.workspace, input), false, options);
  }

  /** Sends any envelope, e.g. an events_api one, and resolves with the app's ack. */
  async deliver<P>(type: EnvelopeType, payload: P, acceptsResponsePayload: boolean, options: SocketDeliveryOptions = {}): Promise<SocketAck<P>> {
    const connection = await this.workspace.waitFor(() => this.newestLiveConnection(), options.connectTimeoutMs ?? 3000, "a Socket Mode connection");
    const envelope: RecordedEnvelope = {
      envelopeId: randomUUID(),
      type,
      payload,
      acceptsResponsePayload,
      connectionId: connection.id,
      sentAt: Date.now(),
      ack: undefined,
    };
    const timeoutMs = options.timeoutMs ?? 3000;
    const acked = new Promise<RecordedAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelope.envelopeId);
        reject(new SocketAckTimeoutError(envelope, timeoutMs));
      }, timeoutMs);
      this.pendingAcks.set(envelope.envelopeId, { startedAt: performance.now(), timer, resolve, reject });
    });
    this.workspace.record(this.envelopes, envelope);
    connection.socket.send(
      JSON.stringify({
        envelope_id: envelope.envelopeId,
        type,
        payload,
        accepts_response_payload: acceptsResponsePayload,
        ...(options.retryAttempt !== undefined ? { retry_attempt: options.retryAttempt } : {}),
        ...(options.retryReason !== undefined ? { retry_reason: options.retryReason } : {}),
      }),
    );
    const ack = await acked;
    return { envelopeId: envelope.envelopeId, ackPayload: ack.payload, elapsedMs: ack.elapsedMs, payload };
  }

  /** Envelopes sent but not (yet) acked. */
  unackedEnvelopes(): RecordedEnvelope[] {
    return this.envelopes.filter((envelope) => !envelope.ack);
  }

  /** Sends Slack's `disconnect` message, which makes the SDK close the socket and reconnect via apps.connections.open. */
  requestReconnect(reason: "refresh_requested" | "warning" | "link_disabled" = "refresh_requested"): number {
    const live = [...this.connections.values()].filter((connection) => !connection.draining);
    for (const connection of live) {
      connection.draining = true;
      connection.socket.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-fake" } }));
    }
    return live.length;
  }

  /** Cuts every connection without a close handshake, like a network failure. */
  dropConnections(): void {
    for (const connection of this.connections.values()) connection.socket.terminate();
  }

  /** Closes connections with a close handshake (an abrupt cut makes the SDK log a WebSocket error), then cuts stragglers. */
  async close(graceMs = 1000): Promise<void> {
    for (const pending of this.pendingAcks.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error("fake Slack was closed before the app acked"));
    }
    this.pendingAcks.clear();
    await Promise.all([...this.connections.values()].map(({ socket }) => closeGracefully(socket, graceMs)));
    this.server.close();
  }

  private newestLiveConnection(): Connection | undefined {
    let newest: Connection | undefined;
    for (const connection of this.connections.values()) {
      if (!connection.draining && connection.socket.readyState === connection.socket.OPEN && (!newest || connection.id > newest.id)) newest = connection;
    }
    return newest;
  }
}

function closeGracefully(socket: WebSocket, graceMs: number): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => socket.terminate(), graceMs);
    socket.once("close", () => {
      clearTimeout(cut);
      resolve();
    });
    if (socket.readyState === socket.OPEN) socket.close(1001, "fake Slack is shutting down");
  });
}
