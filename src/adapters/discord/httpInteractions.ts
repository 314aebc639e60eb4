// Discord's interactions endpoint (POST /discord/interactions): Discord POSTs each interaction, signed
// with the application's key, and waits up to 3 s for the interaction response in the HTTP answer.
// The request is checked before anything else: a forged or stale signature is refused without a
// database write; a valid one is remembered in the database (DeliveredRequest), so a request replayed
// to this replica or to any other is refused too. Then the shared handler (interactions.ts) takes it,
// answering through this response once and through the interaction's webhook after that.
import { randomUUID, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { InteractionResponseType, InteractionType, MessageFlags, type APIInteraction, type APIInteractionResponse } from "discord.js";
import type { Deps } from "../../core/deps.ts";
import type { RouteHandler } from "../../infra/http/routes.ts";
import { sendText } from "../../infra/http/routes.ts";
import type { Logger } from "../../infra/logger.ts";
import type { ReceivedInteraction } from "./incoming.ts";
import { checkSignature, SIGNATURE_MAX_AGE_S } from "./signature.ts";

export const INTERACTIONS_PATH = "/discord/interactions";

/** The platform name under which the signatures taken are remembered (apart from the interaction ids the commands record). */
export const SIGNATURE_MEMORY = "discord-signature";

/** The private answer to an interaction the handler did not answer (see the end of the endpoint). */
export const NOT_ANSWERED = "I have no answer for this, and nothing was changed. Use the slash commands or the poll cards' buttons; if this came from one of them, tell the operator.";

/** Interactions are a few kilobytes; the resolved users and channels of a big one stay well under this. */
const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export interface EndpointOptions {
  publicKey: KeyObject;
  deps: Deps;
  logger: Logger;
  /** Runs the interaction through the shared handler; resolves once it is answered in full. */
  take(interaction: ReceivedInteraction, receivedAt: number): Promise<void>;
  /** Stopping: new interactions are refused, and Discord tells their authors they failed. */
  draining(): boolean;
}

/** The HTTP answer as the interaction's one response: resolves once written, rejects when Discord hung up first. */
function responder(res: ServerResponse): (response: APIInteractionResponse) => Promise<void> {
  return (response) =>
    new Promise<void>((resolve, reject) => {
      if (res.headersSent || res.destroyed) {
        reject(new Error("the interaction was answered already, or Discord stopped waiting for the answer"));
        return;
      }
      res.once("finish", resolve);
      res.once("close", () => reject(new Error("Discord closed the request before the answer was written")));
      sendText(res, 200, JSON.stringify(response), "application/json");
    });
}

export function interactionsEndpoint(options: EndpointOptions): RouteHandler {
  const { deps, logger } = options;
  const refuse = (res: ServerResponse, reason: string) => {
    logger.warn({ reason }, "refused a request to the Discord interactions endpoint");
    sendText(res, 401, `${reason}\n`);
  };
  return async (req, res) => {
    const receivedAt = performance.now();
    if (options.draining()) return sendText(res, 503, "stopping\n");
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendText(res, 413, "the request body is too large\n");
      throw error;
    }
    const signed = checkSignature(options.publicKey, { signature: header(req, "x-signature-ed25519"), timestamp: header(req, "x-signature-timestamp") }, body, Date.now() / 1000);
    if (!signed.ok) return refuse(res, signed.reason);
    let data: APIInteraction;
    try {
      data = JSON.parse(body.toString("utf8")) as APIInteraction;
    } catch {
      return sendText(res, 400, "the body is not JSON\n");
    }
    // Ed25519 signatures are deterministic: the same timestamp and body always carry the same one, so
    // remembering the signature until its timestamp goes stale refuses every replay, on every replica.
    const now = new Date();
    const fresh = await deps.store.transaction((tx) =>
      tx.deliveries.remember(SIGNATURE_MEMORY, { id: signed.signature, handledBy: randomUUID(), receivedAt: now }, new Date((signed.timestamp + SIGNATURE_MAX_AGE_S) * 1000 + 1000)),
    );
    if (!fresh) return refuse(res, "the request was received already (a replay)");
    const respond = responder(res);
    if (data.type === InteractionType.Ping) return respond({ type: 1 });
    await options.take({ data, respondsWithFiles: false, respond }, receivedAt);
    // The handler answers every interaction it knows. One it leaves unanswered (a kind it has no
    // handler for, such as a select menu or a context-menu command) would fail with only Discord's
    // "This interaction failed", whatever the status: Discord reads a 200 with an interaction response
    // and nothing else, and never sends the interaction again. So its author is told, privately.
    if (!res.headersSent && !res.destroyed) {
      logger.warn({ interaction: data.id, type: data.type }, "the handler left an interaction unanswered; its author was told it was not done");
      await respond({ type: InteractionResponseType.ChannelMessageWithSource, data: { content: NOT_ANSWERED, flags: MessageFlags.Ephemeral } }).catch(() => undefined);
    }
  };
}
