// Delivers the outbox on Discord through discord.js's REST client, which queues requests per route
// and waits out 429s as Discord tells it to. It needs no gateway connection, so a replica serving the
// interactions endpoint (httpAdapter.ts) delivers with it just as the gateway adapter does. Each message carries a nonce derived from its
// idempotency key with enforce_nonce, so a post retried after a crash is not shown twice.
import { createHash } from "node:crypto";
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type APIChannel, type APIMessage, type REST, type RESTPostAPIChannelMessageJSONBody } from "discord.js";
import type { Deps } from "../../core/deps.ts";
import { DeliveryError, destinationKey, isCardRedraw, type Destination, type QueuedMessage, type Sender } from "../../core/outbox/message.ts";
import { cardOf } from "../../core/cards/card.ts";
import { drawCard } from "../../core/cards/drawCard.ts";
import { drawUnlessShown, faceFingerprint, forgetFace, recordPosted, sendFace } from "../../core/outbox/messageFace.ts";
import type { Logger } from "../../infra/logger.ts";
import { cardButtons, cardEmbed, clip, MESSAGE_CONTENT_MAX, renderText } from "./rendering.ts";

type MessageBody = Pick<RESTPostAPIChannelMessageJSONBody, "content" | "embeds" | "components" | "allowed_mentions">;

/** Discord's error codes after which trying again cannot help. */
const PERMANENT = new Map<number, string>([
  [10003, "the channel no longer exists; bind another with /setup channel"],
  [10008, "the message no longer exists"],
  [10013, "the user is unknown to Discord"],
  [50001, "the bot cannot see the channel; give it View Channel there"],
  [50007, "the user does not accept direct messages from the bot"],
  [50013, "the bot lacks a permission in the channel (Send Messages, Embed Links)"],
  [50035, "Discord rejected the message as invalid"],
]);
const UNKNOWN_MESSAGE = 10008;
const CANNOT_DM = 50007;

/** Discord keeps a nonce of at most 25 characters; the hash keeps one per message and destination. */
export function nonceFor(message: Pick<QueuedMessage, "idempotencyKey">, destination: Destination, variant = ""): string {
  return createHash("sha256").update(`${message.idempotencyKey}\u0000${destinationKey(destination)}\u0000${variant}`).digest("base64url").slice(0, 25);
}

export const refOf = (channelId: string, messageId: string): string => `${channelId}:${messageId}`;
export function parseRef(ref: string): { channelId: string; messageId: string } {
  const [channelId, messageId] = ref.split(":");
  if (!channelId || !messageId) throw new DeliveryError(`"${ref}" is not a Discord message reference`, undefined, true);
  return { channelId, messageId };
}

/** What a card shows, as a fingerprint (its embed and buttons; a redraw sends nothing else). */
const faceOf = (body: Pick<MessageBody, "embeds" | "components">): string => faceFingerprint(body);

const codeOf = (error: unknown): number | null => (error instanceof DiscordAPIError && typeof error.code === "number" ? error.code : null);

/** Sorts Discord's failures into those the outbox retries and those it parks at once. */
export function deliveryErrorFrom(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof RateLimitError) return new DeliveryError(`Discord rate limit on ${error.route}`, error.retryAfter);
  if (error instanceof DiscordAPIError) {
    const code = codeOf(error);
    const known = code !== null ? PERMANENT.get(code) : undefined;
    // Other 4xx (except an expired token's 401) are requests Discord will refuse again.
    const permanent = known !== undefined || (error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429);
    return new DeliveryError(`Discord ${error.status} (${error.code}): ${known ?? error.message}`, undefined, permanent);
  }
  if (error instanceof HTTPError) return new DeliveryError(`Discord answered ${error.status} after retries`);
  return new DeliveryError(`Discord could not be reached: ${error instanceof Error ? error.message : String(error)}`);
}

export class DiscordSender implements Sender {
  readonly platform = "discord";
  /** The DM channel of each person written to, as Discord opened it (it keeps one per person). */
  private readonly dmChannels = new Map<string, string>();

  /**
   * @param makeWay Resolves when the interactions' acknowledgements have gone out: the outbox can
   *   wait a moment, an interaction cannot (see src/infra/db/turns.ts).
   */
  constructor(
    private readonly rest: REST,
    private readonly deps: Deps,
    private readonly logger: Logger,
    private readonly makeWay: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async post(message: QueuedMessage, destination: Destination): Promise<string> {
    await this.makeWay();
    try {
      const body = await this.bodyOf(message);
      if (destination.kind === "channel") return await this.create(destination.channelId, body, nonceFor(message, destination));
      return await this.direct(message, destination, body);
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }

  async edit(message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    const { channelId, messageId } = parseRef(ref);
    await this.makeWay();
    try {
      if (isCardRedraw(message)) return await this.redrawCard(message, ref);
      await this.rest.patch(Routes.channelMessage(channelId, messageId), { body: { content: clip(renderText(message.text), MESSAGE_CONTENT_MAX) } });
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }

  async remove(_message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    const { channelId, messageId } = parseRef(ref);
    try {
      await this.rest.delete(Routes.channelMessage(channelId, messageId));
    } catch (error) {
      if (codeOf(error) !== UNKNOWN_MESSAGE) throw deliveryErrorFrom(error);
      // already gone, which is what was asked
    }
    await forgetFace(this.deps, this.platform, ref, this.warn);
  }

  private async bodyOf(message: QueuedMessage): Promise<MessageBody> {
    const content = clip(renderText(message.text), MESSAGE_CONTENT_MAX);
    const ref = cardOf(message);
    const card = ref ? await drawCard(this.deps, ref) : null;
    if (!card) return { content, allowed_mentions: { parse: [] } };
    return { content, embeds: [cardEmbed(card)], components: cardButtons(card), allowed_mentions: { parse: [] } };
  }

  private async create(channelId: string, body: MessageBody, nonce: string): Promise<string> {
    const posted = (await this.rest.post(Routes.channelMessages(channelId), { body: { ...body, nonce, enforce_nonce: true } })) as APIMessage;
    const ref = refOf(channelId, posted.id);
    // A card's face is recorded (messageFace.ts): in a storm of votes many redraws render the same card,
    // and sending it again would only spend the channel's rate limit.
    if (body.embeds) await recordPosted(this.deps, this.platform, ref, faceOf({ embeds: body.embeds, components: body.components }), this.warn);
    return ref;
  }

  /** A direct message; when the person does not accept them, a mention in the announcements channel. */
  private async direct(message: QueuedMessage, destination: Extract<Destination, { kind: "dm" }>, body: MessageBody): Promise<string> {
    try {
      return await this.create(await this.dmChannel(destination.externalId), body, nonceFor(message, destination));
    } catch (error) {
      if (codeOf(error) !== CANNOT_DM) throw error;
    }
    const bindings = await this.deps.store.transaction((tx) => tx.groups.bindings(message.groupId));
    const announcements = bindings.find((b) => b.platform === this.platform && b.purpose === "announcements");
    if (!announcements) {
      throw new DeliveryError(`${destination.handle} does not accept direct messages and no Discord announcements channel is bound to mention them in`, undefined, true);
    }
    this.logger.info({ person: destination.personId, channel: announcements.channelId }, "direct message refused; mentioning the person in the announcements channel");
    const userId = destination.externalId;
    const content = clip(`<@${userId}> ${body.content ?? ""}`, MESSAGE_CONTENT_MAX);
    return this.create(announcements.channelId, { ...body, content, allowed_mentions: { users: [userId] } }, nonceFor(message, destination, "mention"));
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  /** Redraws a card from the live state, so a burst of edits always ends on the latest tally. */
  private async redrawCard(message: QueuedMessage, ref: string): Promise<void> {
    const which = cardOf(message);
    if (!which) return;
    // Skipped when the database records the card as showing this already (whichever replica sent it).
    const drawn = await drawUnlessShown(this.deps, this.platform, ref, which, (card) => {
      if (!card) return null;
      const body = { embeds: [cardEmbed(card)], components: cardButtons(card) };
      return { content: body, fingerprint: faceOf(body) };
    });
    if (!drawn || drawn.shown) return;
    const { channelId, messageId } = parseRef(ref);
    await sendFace(this.deps, this.platform, ref, drawn.fingerprint, async () => void (await this.rest.patch(Routes.channelMessage(channelId, messageId), { body: drawn.content })), this.warn);
  }

  private readonly warn = (line: string): void => this.logger.warn(line);
}
