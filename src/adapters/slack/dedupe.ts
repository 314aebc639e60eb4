// Slack redelivers a request it thinks went unanswered (X-Slack-Retry-Num over HTTP, retry_attempt in
// Socket Mode). A redelivery carries the same payload, and every payload the bot acts on (slash
// command, button, modal submission) has a trigger_id unique to the user's gesture, so remembering
// recent trigger_ids is enough to apply each gesture once. A first delivery that never reached the bot
// is not in the set, so its retry still runs: retries are deduplicated, not dropped.

/** Slack retries within minutes; entries are kept well beyond that. */
const KEEP_MS = 30 * 60_000;
const MAX_ENTRIES = 10_000;

export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time a key is offered, false for every redelivery of it. */
  firstTime(key: string): boolean {
    const now = this.now();
    this.forgetOld(now);
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  private forgetOld(now: number): void {
    // Map iteration is in insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (now - at < KEEP_MS && this.seen.size <= MAX_ENTRIES) break;
      this.seen.delete(key);
    }
  }
}
