import type { ChannelPurpose } from "../setup/group.ts";

/** Who a queued message is for; adapters resolve it to channels and direct messages. */
export type Audience =
  | { kind: "channel"; purpose: ChannelPurpose }
  | { kind: "agency"; agencyId: number }
  | { kind: "person"; personId: number };

export interface OutgoingMessage {
  groupId: number;
  /** Unique per logical message, so that a retried change cannot queue it twice. */
  idempotencyKey: string;
  audience: Audience;
  text: string;
  data?: Record<string, unknown>;
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

/** An adapter's way of putting a message in front of people. */
export interface Sender {
  platform: string;
  send(message: QueuedMessage, destination: Destination): Promise<void>;
}

/** The dispatcher's side of the outbox. */
export interface OutboxQueue {
  due(at: Date, limit: number): Promise<QueuedMessage[]>;
  markSent(id: number, at: Date): Promise<void>;
  markFailed(id: number, error: string, retryAt: Date, park: boolean): Promise<void>;
}
