// A platform may deliver one request again: Slack retries a delivery it thinks went unanswered (for
// up to 5 minutes, with the same signature), and a Discord interaction could reach two processes. The
// requests already applied are remembered in the database, in the transaction of the command's own
// effects (see `identify`), so a replay is never applied twice, whatever restarts in between.
import type { Tx } from "../store.ts";

/** How long a request is remembered: beyond Slack's 5-minute retry window and Discord's 15-minute interaction token. */
export const REPLAY_MEMORY_MS = 60 * 60_000;

/** One delivery of a platform request, as the adapter received it. */
export interface DeliveredRequest {
  /** The platform's id for the user's gesture (Slack's trigger_id, a Discord interaction id). */
  id: string;
  /** Unique to this handling of it: the transactions of one command share it, a redelivery has another. */
  handledBy: string;
  /**
   * When the request first reached the bot. A handling that runs it again later (another replica taking
   * over an interaction whose first handling died) keeps this original time. An agency's positions are
   * ordered by it: a cast whose request was received before the one behind the agency's recorded
   * position is refused (castPosition.ts).
   */
  receivedAt: Date;
}

export interface DeliveredRequestMemory {
  /**
   * Records the request as handled by `handledBy`, forgetting requests older than the memory first.
   * False when another handling of the same request was recorded before: a replay.
   */
  remember(platform: string, request: DeliveredRequest, expiresAt: Date): Promise<boolean>;
}

/** Thrown inside the transaction of a replayed request, so that it applies nothing; each adapter ignores it. */
export class ReplayedRequest extends Error {
  constructor(readonly platform: string, readonly requestId: string) {
    super(`${platform} request ${requestId} was already applied`);
    this.name = "ReplayedRequest";
  }
}

export async function refuseReplay(tx: Tx, platform: string, request: DeliveredRequest | undefined): Promise<void> {
  if (!request) return;
  const fresh = await tx.deliveries.remember(platform, request, new Date(request.receivedAt.getTime() + REPLAY_MEMORY_MS));
  if (!fresh) throw new ReplayedRequest(platform, request.id);
}
