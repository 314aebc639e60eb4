import { cardOf } from "../cards/card.ts";
import type { ChannelPurpose } from "../setup/group.ts";

/** Who a queued message is for; adapters resolve it to channels and direct messages. */
export type Audience =
  | { kind: "channel"; purpose: ChannelPurpose }
  | { kind: "agency"; agencyId: number }
  | { kind: "person"; personId: number };

export type OutboxAction = "post" | "edit" | "delete";

export interface OutgoingMessage {
  groupId: number;
  /** Unique per logical message, so that a retried change cannot queue it twice. */
  idempotencyKey: string;
  audience: Audience;
  text: string;
  data?: Record<string, unknown>;
  /** post (default) a new message; edit or delete what the message keyed `target` posted, wherever it went. */
  action?: OutboxAction;
  target?: string | null;
}

export interface QueuedMessage extends Required<OutgoingMessage> {
  id: number;
  attempts: number;
  createdAt: Date;
}

export interface Outbox {
  enqueue(message: OutgoingMessage, at: Date): Promise<void>;
}

/** One place a queued message goes to on one platform. */
export type Destination =
  | { kind: "channel"; platform: string; channelId: string; purpose: ChannelPurpose }
  | { kind: "dm"; platform: string; externalId: string; handle: string; personId: number };

export const destinationKey = (d: Destination): string => (d.kind === "channel" ? `${d.platform}:channel:${d.channelId}` : `${d.platform}:dm:${d.externalId}`);

/** What the outbox tells a sender about the post it asks for. */
export interface PostOptions {
  /**
   * Set when an earlier attempt at this delivery may have reached the platform (the process died, or
   * the call failed, after its delivery row was written and before it was completed): no attempt began
   * before this instant (the message was queued then). Absent on a first attempt.
   */
  earlierAttemptSince?: Date;
}

/**
 * An adapter's way of putting a message in front of people. `post` returns the platform's reference
 * to what it posted, kept for later edits and deletions. The message's idempotencyKey is stable
 * across retries, so a platform that can deduplicate (Discord's nonce) never shows a retry twice; one
 * that cannot (Slack) looks for the earlier attempt first when `earlierAttemptSince` is set.
 */
export interface Sender {
  platform: string;
  post(message: QueuedMessage, destination: Destination, options?: PostOptions): Promise<string>;
  edit(message: QueuedMessage, destination: Destination, ref: string): Promise<void>;
  remove(message: QueuedMessage, destination: Destination, ref: string): Promise<void>;
}

/** What a sender throws when a platform refuses or fails; the dispatcher retries or parks the message. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** The platform said when to come back (Retry-After). */
    readonly retryAfterMs?: number,
    /** Retrying cannot help (unknown channel, missing permission). */
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface Delivery {
  destination: Destination;
  status: "sending" | "sent";
  ref: string | null;
}

/** A delivery as startDelivery leaves it: whether an attempt at it had been started before this one. */
export interface StartedDelivery extends Delivery {
  earlierAttempt: boolean;
}

/** A redraw of a poll's card (see pollCardEdit): it carries no content; the sender draws the live state. */
export const isCardRedraw = (message: Pick<QueuedMessage, "data">): boolean => cardOf(message)?.redraw === true;

/** Where a queued message stands: waiting for (another) attempt, delivered everywhere, or given up. */
export type OutboxStatus = "pending" | "sent" | "parked";

/** The dispatcher's side of the outbox. */
export interface OutboxQueue {
  /** What is due at `at`, oldest first, whether or not a deliverer has claimed it (a read, for tests and tools). */
  due(at: Date, limit: number): Promise<QueuedMessage[]>;
  /**
   * Claims for `worker`, until `until`, up to `limit` messages due at `at`, oldest first: pending, due
   * and not claimed by a deliverer whose lease still runs, so two deliverers never send one message at
   * once, and the claims of one that died are taken over when they run out. A change (edit, removal) is
   * not claimed while another deliverer's lease runs on a change of the same message: the changes of
   * one message go out from one deliverer at a time, so an older redraw never lands after a newer one.
   * Sending it, postponing it or failing it (markSent, postpone, markFailed) ends the claim.
   */
  claim(at: Date, limit: number, worker: string, until: Date): Promise<QueuedMessage[]>;
  /** Extends `worker`'s claims on `ids` until `until`; returns the ids it still holds (the others were sent or taken over). */
  renew(ids: number[], worker: string, until: Date): Promise<number[]>;
  /** A message by its idempotency key, with its status and when it is next tried (an edit checks on its original). */
  byKey(idempotencyKey: string): Promise<(QueuedMessage & { status: OutboxStatus; nextAttemptAt: Date }) | null>;
  /** Makes a message wait until `until` without counting an attempt (an edit waiting for its original). */
  postpone(id: number, until: Date): Promise<void>;
  /** Whether a removal of the message keyed `target` has been queued (a post still going out stops). */
  removalQueued(target: string): Promise<boolean>;
  /** Where changes (edits, removals) of `target` queued after message `afterId` have already been made. */
  changedLaterAt(target: string, afterId: number): Promise<Destination[]>;
  /** Deliveries of a message by its idempotency key (an edit finds where the original went). */
  deliveries(idempotencyKey: string): Promise<Delivery[]>;
  /** Records that a delivery is being attempted, before the platform is called; says whether one was attempted before. */
  startDelivery(messageId: number, destination: Destination): Promise<StartedDelivery>;
  finishDelivery(messageId: number, destination: Destination, ref: string, at: Date): Promise<void>;
  markSent(id: number, at: Date): Promise<void>;
  markFailed(id: number, error: string, retryAt: Date, park: boolean): Promise<void>;
  parked(groupId: number): Promise<(QueuedMessage & { lastError: string | null })[]>;
  retry(id: number, at: Date): Promise<boolean>;
}
