// Slack redelivers Events API events it thinks went unanswered (X-Slack-Retry-Num over HTTP,
// retry_attempt in Socket Mode). It documents no redelivery of slash commands and interactions (their
// user is shown an error instead), but the same payload can still arrive twice: a replay, a balancer
// or proxy retrying a request. Every payload the bot acts on (slash command, button, modal submission)
// has a trigger_id unique to the user's gesture, so remembering recent trigger_ids is enough to apply
// each gesture once. A first delivery that never reached the bot is not in the set, so a second one
// still runs: repeats are deduplicated, not dropped.

// This memory only spares a quick redelivery the work of running; what makes a replay harmless, after a
// restart too, is the database's memory of applied requests (src/core/access/replay.ts), which each
// command checks in its own transaction with the DeliveredRequest handed out here.
import { randomUUID } from "node:crypto";
import type { DeliveredRequest } from "../../core/access/replay.ts";

/** Slack retries events within minutes; entries are kept well beyond that. */
const KEEP_MS = 30 * 60_000;
const MAX_ENTRIES = 10_000;

export class RecentDeliveries {
  private readonly seen = new Map<string, number>();
  /** The handlings under way in this process, by key, so that a redelivery can wait for its original. */
  private readonly underWay = new Map<string, Promise<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time a key is offered, false for every redelivery of it. */
  firstTime(key: string): boolean {
    const now = this.now();
    this.forgetOld(now);
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  /** The delivery, for the database's memory of applied requests; null for a redelivery this process saw. */
  receive(key: string): DeliveredRequest | null {
    return this.firstTime(key) ? { id: key, handledBy: randomUUID(), receivedAt: new Date(this.now()) } : null;
  }

  /** Keeps a first delivery's handling in view until it settles (see `handled`). */
  track<T>(key: string, handling: Promise<T>): Promise<T> {
    this.underWay.set(key, handling);
    const forget = () => {
      if (this.underWay.get(key) === handling) this.underWay.delete(key);
    };
    handling.then(forget, forget);
    return handling;
  }

  /** Settles once this process's handling of `key` has (at once when none is under way). */
  async handled(key: string): Promise<void> {
    await this.underWay.get(key)?.catch(() => undefined);
  }

  private forgetOld(now: number): void {
    // Map iteration is in insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (now - at < KEEP_MS && this.seen.size <= MAX_ENTRIES) break;
      this.seen.delete(key);
    }
  }
}
