// The outbox's way onto Slack. Calls go through Bolt's WebClient (@slack/web-api), which already
// waits out 429 rate limits (Retry-After) and retries transient failures; what still fails here is
// either permanent (the outbox parks it) or handed back for the outbox's own, longer backoff.
import { webApi, type Logger as BoltLogger } from "@slack/bolt";
import type { Deps } from "../../core/deps.ts";
import { DeliveryError, type Destination, type PostOptions, type QueuedMessage, type Sender } from "../../core/outbox/message.ts";
import { cardOf, type Card, type CardRef } from "../../core/cards/card.ts";
import { drawCard } from "../../core/cards/drawCard.ts";
import { changeFace, drawUnlessShown, faceFingerprint, forgetFace, recordPosted, sendFace } from "../../core/outbox/messageFace.ts";
import { cardBlocks, cardSummary, slackText } from "./blocks.ts";
import { inWorkspaceOf, type SlackClients } from "./installations.ts";
import { turnOfTheEventLoop } from "../../infra/db/turns.ts";

type WebClient = webApi.WebClient;
type MessageContent = { text: string; blocks?: ReturnType<typeof cardBlocks> };

/** Slack errors worth another attempt; every other platform error means the request itself cannot succeed. */
const TRANSIENT_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

/** Where a message went: the conversation and Slack's ts, which is all chat.update and chat.delete need. */
export const messageRef = (channel: string, ts: string): string => `${channel}:${ts}`;

export function parseMessageRef(ref: string): { channel: string; ts: string } {
  const at = ref.indexOf(":");
  if (at <= 0) throw new DeliveryError(`"${ref}" is not a Slack message reference`, undefined, true);
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

/** A Web API failure as the outbox understands it. */
export function deliveryErrorOf(error: unknown, method: string): DeliveryError {
  const coded = error as Partial<webApi.WebAPICallError> & { data?: { error?: string }; retryAfter?: number };
  switch (coded.code) {
    case webApi.ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? "unknown_error";
      return new DeliveryError(`Slack refused ${method}: ${slackError}`, undefined, !TRANSIENT_ERRORS.has(slackError));
    }
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError(`Slack rate-limited ${method}`, (coded.retryAfter ?? 30) * 1000);
    default:
      return new DeliveryError(`Slack ${method} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Every post carries its outbox message's idempotency key as message metadata (Slack's `event_type` may
 * hold letters, digits, underscores and hyphens: docs.slack.dev/messaging/message-metadata), so that a
 * retry can tell whether an earlier attempt landed: Slack has no nonce.
 */
export const OUTBOX_EVENT_TYPE = "consensus_outbox_post";
const outboxMetadata = (message: QueuedMessage) => ({ event_type: OUTBOX_EVENT_TYPE, event_payload: { idempotency_key: message.idempotencyKey } });

/**
 * How far back a retry looks for its earlier attempt: from when the message was queued (no attempt
 * began before), less a minute for the clocks of the deliverer and of Slack to disagree, at most
 * HISTORY_PAGES pages of HISTORY_PAGE messages (conversations.history's default page is 100; Tier 3,
 * 50+ calls a minute, for internal and Marketplace apps; an app distributed outside the Marketplace
 * gets 1 call a minute and pages of 15 since 2025-26, docs.slack.dev/reference/methods/conversations.history,
 * where @slack/web-api waits out each 429). A channel that took more than 500 messages since then is
 * posted to again: the duplicate is the price of not reading its whole history.
 */
const CLOCK_SKEW_MS = 60_000;
const HISTORY_PAGE = 100;
const HISTORY_PAGES = 5;
/** The idempotency key a message's metadata carries, if the outbox posted it. */
function keyOf(metadata: { event_type?: string; event_payload?: object } | undefined): unknown {
  const payload = metadata?.event_type === OUTBOX_EVENT_TYPE ? metadata.event_payload : undefined;
  return payload && "idempotency_key" in payload ? payload.idempotency_key : undefined;
}
const slackTs = (at: number): string => (Math.max(0, at) / 1000).toFixed(6);

export class SlackSender implements Sender {
  readonly platform = "slack";
  constructor(
    /** The token of the message's group's workspace (installations.ts): one with SLACK_BOT_TOKEN, its installation's otherwise. */
    private readonly clients: SlackClients,
    private readonly deps: Deps,
    private readonly logger: BoltLogger,
    /** Set when this workspace's commands are prefixed (/cb-poll), so that messages name them so. */
    private readonly commandPrefix = "",
    /** Told when a poll's card goes out, so that Home tabs showing the poll are published again (home.ts). */
    private readonly onPollCard: () => void = () => {},
  ) {}

  async post(message: QueuedMessage, destination: Destination, options: PostOptions = {}): Promise<string> {
    const channel = destination.kind === "channel" ? destination.channelId : await this.directChannel(message, destination.externalId);
    if (options.earlierAttemptSince) {
      const earlier = await this.earlierPost(channel, message, options.earlierAttemptSince);
      if (earlier) return earlier;
    }
    const content = await this.contentOf(message);
    const posted = await this.call("chat.postMessage", message, (client) => client.chat.postMessage({ channel, ...content, unfurl_links: false, metadata: outboxMetadata(message) }));
    if (!posted.ts) throw new DeliveryError("Slack accepted chat.postMessage but returned no ts");
    const ref = messageRef(posted.channel ?? channel, posted.ts);
    // A card's face is recorded (messageFace.ts), so that a burst of identical redraws costs one call.
    if (cardOf(message)) await recordPosted(this.deps, this.platform, ref, fingerprint(content), this.warn);
    return ref;
  }

  /**
   * The reference of the message an earlier attempt posted, found by its idempotency key in the
   * conversation's history since the attempt could have begun; null if it is not there. Newest first,
   * so a message that landed a moment ago is on the first page. Without the history scopes (an app
   * installed before they were asked for), the post goes out again, as it did before keys were looked up.
   */
  private async earlierPost(channel: string, message: QueuedMessage, since: Date): Promise<string | null> {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const request = { channel, oldest: slackTs(since.getTime() - CLOCK_SKEW_MS), inclusive: true, limit: HISTORY_PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
      let history: webApi.ConversationsHistoryResponse;
      try {
        history = await this.call("conversations.history", message, (client) => client.conversations.history(request));
      } catch (error) {
        if (!(error instanceof DeliveryError && error.permanent)) throw error;
        this.logger.warn(`could not look for an earlier post of outbox message ${message.id} in ${channel} (${error.message}); posting it again`);
        return null;
      }
      const found = history.messages?.find((m) => m.bot_id !== undefined && keyOf(m.metadata) === message.idempotencyKey);
      if (found?.ts) {
        this.logger.info(`outbox message ${message.id} had reached ${channel} before (ts ${found.ts}); not posting it again`);
        return messageRef(channel, found.ts);
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) return null;
    }
    this.logger.warn(`no earlier post of outbox message ${message.id} in the last ${HISTORY_PAGES * HISTORY_PAGE} messages of ${channel}; posting it again`);
    return null;
  }

  async edit(message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    const { channel, ts } = parseMessageRef(ref);
    const update = (content: MessageContent) => async () => void (await this.call("chat.update", message, (client) => client.chat.update({ channel, ts, ...content })));
    // Skipped when the database records the message as showing this already (whichever replica sent it).
    const which = cardOf(message);
    if (!which) {
      const content = await this.contentOf(message);
      await changeFace(this.deps, this.platform, ref, fingerprint(content), update(content), this.warn);
      return;
    }
    await turnOfTheEventLoop();
    if (which.kind === "poll") this.onPollCard();
    const drawn = (await drawUnlessShown(this.deps, this.platform, ref, which, (card) => {
      const content = this.contentOfCard(message, which, card);
      return { content, fingerprint: fingerprint(content) };
    }))!;
    if (!drawn.shown) await sendFace(this.deps, this.platform, ref, drawn.fingerprint, update(drawn.content), this.warn);
  }

  async remove(message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    const { channel, ts } = parseMessageRef(ref);
    try {
      await inWorkspaceOf(await this.clientsOf(message), (client) => client.chat.delete({ channel, ts }));
    } catch (error) {
      // Deleting what is already gone is done, not failed.
      if ((error as { data?: { error?: string } }).data?.error === "message_not_found") return;
      throw deliveryErrorOf(error, "chat.delete");
    } finally {
      await forgetFace(this.deps, this.platform, ref, this.warn);
    }
  }

  /**
   * A poll's card is drawn from the live state when it is sent; other messages are their text.
   * The outbox works through its queue without other I/O when redraws are skipped; yielding here
   * keeps Slack's requests from waiting behind a long run of synchronous SQLite reads.
   */
  private async contentOf(message: QueuedMessage): Promise<MessageContent> {
    await turnOfTheEventLoop();
    const ref = cardOf(message);
    if (ref) {
      if (ref.kind === "poll") this.onPollCard();
      return this.contentOfCard(message, ref, await drawCard(this.deps, ref));
    }
    return { text: slackText(message.text, this.commandPrefix) };
  }

  private contentOfCard(message: QueuedMessage, ref: CardRef, card: Card | null): MessageContent {
    if (card) return { text: cardSummary(card), blocks: cardBlocks(card) };
    this.logger.warn(`${ref.kind} ${ref.id} of outbox message ${message.id} no longer exists; sending its text`);
    return { text: slackText(message.text, this.commandPrefix) };
  }

  private async directChannel(message: QueuedMessage, userId: string): Promise<string> {
    const opened = await this.call("conversations.open", message, (client) => client.conversations.open({ users: userId }));
    const id = opened.channel?.id;
    if (!id) throw new DeliveryError(`Slack opened no direct message with ${userId}`);
    return id;
  }

  private async call<T>(method: string, message: QueuedMessage, run: (client: WebClient) => Promise<T>): Promise<T> {
    const clients = await this.clientsOf(message);
    try {
      return await inWorkspaceOf(clients, run);
    } catch (error) {
      throw deliveryErrorOf(error, method);
    }
  }

  /**
   * The clients of the message's group; none means no Slack workspace of the group has the app
   * installed (now). Read once per delivery attempt (the outbox hands each attempt a message of its
   * own), not at each of its calls: a post can make seven (conversations.open, up to five pages of
   * history, chat.postMessage), and an uninstall still counts from the next attempt.
   */
  private clientsOf(message: QueuedMessage): Promise<WebClient[]> {
    let clients = this.clientsByAttempt.get(message);
    if (!clients) {
      clients = this.clients.forGroup(message.groupId).then((found) => {
        if (found.length === 0) throw new DeliveryError(`no Slack workspace of group ${message.groupId} has the app installed (uninstalled?): install it again from /slack/install, then retry`, undefined, true);
        return found;
      });
      this.clientsByAttempt.set(message, clients);
    }
    return clients;
  }
  private readonly clientsByAttempt = new WeakMap<QueuedMessage, Promise<WebClient[]>>();

  private readonly warn = (line: string): void => this.logger.warn(line);
}

const fingerprint = (content: MessageContent): string => faceFingerprint(content);
