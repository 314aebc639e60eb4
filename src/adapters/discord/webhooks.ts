// The messages that follow an interaction's acknowledgement (the deferred answer, follow-ups) go
// through the interaction's webhook, which Discord does not count against the bot's global rate
// limit of 50 requests a second. discord.js's REST client counts them anyway, so in a storm of 1,000
// votes the answers queued for half a minute and held up the poll card's edits behind them
// (measured: card final after 33 s, all votes recorded after 9 s). They get a REST client of their
// own, which still waits out each webhook's own 429s as Discord tells it to.
import { setTimeout as sleep } from "node:timers/promises";
import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, type APIInteractionResponse, type RESTOptions } from "discord.js";
import type { ResponseFile } from "./incoming.ts";

export interface WebhookMessage {
  content: string;
  /** 64 for a message only its recipient sees. */
  flags?: number | undefined;
  file?: { attachment: Buffer; name: string } | null;
}

/**
 * An interaction answered in its HTTP response has a webhook only once Discord has processed that
 * answer, which can come after the bot's follow-up: Discord then says Unknown Webhook (10015). Seen in
 * the replica storm (test/integration/replicaStorm.test.ts): a vote recorded and its confirmation lost.
 * So a webhook call refused so is tried again after these pauses (3.75 s in all); a token that really
 * expired (after 15 minutes) costs no more than that.
 */
const UNKNOWN_WEBHOOK_PAUSES_MS = [250, 500, 1000, 2000];

async function onceTheWebhookExists<T>(call: () => Promise<T>): Promise<T> {
  for (const pause of UNKNOWN_WEBHOOK_PAUSES_MS) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownWebhook)) throw error;
      await sleep(pause);
    }
  }
  return call();
}

/** Interaction tokens authenticate these routes; the bot token is never sent with them. */
const NO_GLOBAL_LIMIT = 1_000_000;

export class InteractionWebhooks {
  private readonly rest: REST;

  constructor(options: Partial<RESTOptions> = {}) {
    this.rest = new REST({ ...options, globalRequestsPerSecond: NO_GLOBAL_LIMIT });
  }

  /**
   * The interaction response over REST, for an interaction that came over the gateway (one that came
   * to the interactions endpoint is answered in its HTTP response instead). Like the webhooks, it is
   * not counted against the bot's global rate limit.
   */
  callback(to: { id: string; token: string }, response: APIInteractionResponse, files: ResponseFile[] = []): Promise<unknown> {
    return this.rest.post(Routes.interactionCallback(to.id, to.token), { auth: false, body: response, ...(files.length ? { files } : {}) });
  }

  /** An interaction is addressed by its application and its token. */
  editOriginal(to: { applicationId: string; token: string }, message: WebhookMessage): Promise<unknown> {
    return onceTheWebhookExists(() => this.rest.patch(Routes.webhookMessage(to.applicationId, to.token, "@original"), { auth: false, ...this.payload(message) }));
  }

  /**
   * Whether Discord took the interaction's acknowledgement: its webhook exists from then on (the
   * message @original points at: the deferred reply, or for a button the card it is on), and is
   * unknown (10015) before. An @original deleted since (10008) was acknowledged all the same.
   */
  async acknowledged(to: { applicationId: string; token: string }): Promise<boolean> {
    try {
      await this.rest.get(Routes.webhookMessage(to.applicationId, to.token, "@original"), { auth: false });
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownWebhook) return false;
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return true;
      throw error;
    }
  }

  followUp(to: { applicationId: string; token: string }, message: WebhookMessage): Promise<unknown> {
    return onceTheWebhookExists(() => this.rest.post(Routes.webhook(to.applicationId, to.token), { auth: false, query: new URLSearchParams({ wait: "true" }), ...this.payload(message) }));
  }

  private payload(message: WebhookMessage) {
    const body = {
      content: message.content,
      allowed_mentions: { parse: [] },
      ...(message.flags ? { flags: message.flags } : {}),
      // The id names the upload by its index; the spec types it as a snowflake string, as the interaction response sends it (acknowledgement.ts).
      ...(message.file ? { attachments: [{ id: "0", filename: message.file.name }] } : {}),
    };
    return { body, ...(message.file ? { files: [{ name: message.file.name, data: message.file.attachment }] } : {}) };
  }
}
