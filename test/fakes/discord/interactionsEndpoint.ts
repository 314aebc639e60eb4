// The fake Discord in HTTP interactions mode: it POSTs each interaction to the bot's interactions
// endpoint, signed with the application's Ed25519 key (X-Signature-Ed25519 over X-Signature-Timestamp
// + body) as Discord does, and takes the HTTP answer as the interaction response, refused like a late
// REST callback when it comes after the 3 s window (Discord hangs up then). Follow-ups, @original
// edits and channel messages then go to the fake's REST API as in gateway mode.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { RestApi } from "./server.ts";
import type { FakeInteractionPayload } from "./payloads.ts";
import { snowflake, type DispatchedInteraction, type World } from "./world.ts";

export interface SignedPost {
  body: string;
  headers: Record<string, string>;
}

export interface EndpointAnswer {
  /** The HTTP status, or 0 when the bot did not answer within the window (Discord hung up). */
  status: number;
  text: string;
  /** The answer parsed as JSON, when it was. */
  json: unknown;
  /** From the POST to the end of the answer. */
  elapsedMs: number;
  /** The interaction as the fake recorded it (null for a PING, which Discord does not keep). */
  record: DispatchedInteraction | null;
  /** What the fake refused in the bot's answer (an invalid response type or data), or null. */
  refused: unknown;
  /** The request exactly as sent, to replay it. */
  sent: SignedPost;
}

export interface SigningOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Another key than the application's: a forgery. */
  key?: KeyObject;
  /** Changes the body after signing it. */
  tamper?: (body: string) => string;
}

/** The raw 32 bytes of an Ed25519 public key in hex, as the Developer Portal shows it. */
const publicKeyHex = (key: KeyObject): string => Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url").toString("hex");

export class HttpInteractions {
  readonly #privateKey: KeyObject;
  /** The application's Public Key (General Information), to set as DISCORD_PUBLIC_KEY. */
  readonly publicKey: string;

  constructor(
    private readonly world: World,
    private readonly rest: RestApi,
    private readonly ackWindowMs: () => number,
  ) {
    const pair = generateKeyPairSync("ed25519");
    this.#privateKey = pair.privateKey;
    this.publicKey = publicKeyHex(pair.publicKey);
    world.verifyKey = this.publicKey;
  }

  /** A PING, as Discord sends when the endpoint URL is saved in the Developer Portal. */
  ping(): FakeInteractionPayload {
    return { id: snowflake(), application_id: this.world.applicationId, type: 1, token: this.world.nextInteractionToken(), version: 1 } as unknown as FakeInteractionPayload;
  }

  /**
   * Discord's check of an Interactions Endpoint URL before it saves it: a signed PING must be answered
   * 200 with {"type": 1}, and a PING signed with another key must be refused with 401. Null when the
   * URL passed, otherwise what failed.
   */
  async verifyEndpoint(url: string): Promise<string | null> {
    const attempt = async (options: SigningOptions): Promise<EndpointAnswer | string> => {
      const ping = this.ping();
      try {
        return await this.send(url, ping, this.sign(ping, options), false);
      } catch (error) {
        return `${url} could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`;
      }
    };
    const ping = await attempt({});
    if (typeof ping === "string") return ping;
    if (ping.status !== 200 || (ping.json as { type?: unknown } | null)?.type !== 1) return `the PING was answered ${ping.status || "not at all within the window"}${ping.text ? `: ${ping.text.slice(0, 200)}` : ""}, not with a PONG`;
    const forged = await attempt({ key: generateKeyPairSync("ed25519").privateKey });
    if (typeof forged === "string") return forged;
    if (forged.status !== 401) return `a request with a bad signature was answered ${forged.status || "not at all within the window"}, not refused with 401`;
    return null;
  }

  /** The signed request Discord would send for this payload. */
  sign(payload: FakeInteractionPayload, options: SigningOptions = {}): SignedPost {
    const body = JSON.stringify(payload);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body, "utf8"), options.key ?? this.#privateKey).toString("hex");
    return {
      body: options.tamper ? options.tamper(body) : body,
      headers: { "content-type": "application/json", "user-agent": "Discord-Interactions/1.0 (+https://discord.com)", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp },
    };
  }

  /** Records the interaction (as the gateway's sendInteraction does) and POSTs it, signed, to `url`. */
  /**
   * How long after an HTTP answer reaches the fake it takes it as the interaction's callback: until
   * then the interaction's webhook is unknown (10015), as on Discord, which processes the answer after
   * the bot has sent it, so a follow-up sent at once can come first.
   */
  answerTakenAfterMs = 0;

  async post(url: string, payload: FakeInteractionPayload, options: SigningOptions = {}): Promise<EndpointAnswer> {
    return this.send(url, payload, this.sign(payload, options));
  }

  /** Sends a request again exactly as it was: a replay. */
  async replay(url: string, previous: EndpointAnswer): Promise<EndpointAnswer> {
    return this.send(url, JSON.parse(previous.sent.body) as FakeInteractionPayload, previous.sent, false);
  }

  /**
   * POSTs a request signed beforehand (sign), recording the interaction the first time it is sent;
   * `record` false sends it as a copy (a replay), whose answer the fake does not take as a callback.
   */
  async send(url: string, payload: FakeInteractionPayload, sent: SignedPost, record = true): Promise<EndpointAnswer> {
    const known = this.world.interaction(payload.id) ?? null;
    const interaction = (payload.type as number) === 1 || !record || known ? known : this.world.recordInteraction(payload);
    const started = performance.now();
    const window = AbortSignal.timeout(this.ackWindowMs());
    let status = 0;
    let text = "";
    try {
      const response = await fetch(url, { method: "POST", headers: sent.headers, body: sent.body, signal: window });
      text = await response.text();
      status = response.status;
    } catch (error) {
      if (!window.aborted) throw error;
    }
    const arrivedAt = performance.now();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    let refused: unknown = null;
    if (interaction && record && !interaction.callback) {
      if (status === 0) {
        // Too late: Discord stopped waiting; the interaction failed for its author.
        interaction.callback ??= { interactionId: interaction.id, type: -1, data: null, receivedAt: Date.now(), elapsedMs: arrivedAt - interaction.dispatchedAtMonotonic, late: true };
        this.world.changed();
      } else if (status === 200) {
        if (this.answerTakenAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerTakenAfterMs));
        const reply = this.rest.acceptHttpResponse(interaction, json, arrivedAt);
        if (reply.status >= 300) refused = reply.body;
      }
    }
    return { status, text, json, elapsedMs: arrivedAt - started, record: interaction, refused, sent };
  }
}
