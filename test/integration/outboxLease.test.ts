// A deliverer's claims outlive a batch that takes longer than the lease: the heartbeat renews them
// between messages as much as during a platform call, so a second deliverer polling meanwhile takes
// none of them, and each message goes out once. On the project's database, with the wall clock.
import { afterEach, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import type { Destination, QueuedMessage } from "../../src/core/outbox/message.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { buildGroup, type TestGroup } from "../support/group.ts";
import { bindAnnouncements, RecordingSender } from "../support/governance.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

/** Each post takes `delayMs` of wall time, as a slow platform's answer does. */
class SlowSender extends RecordingSender {
  constructor(private readonly delayMs: number) {
    super("slack");
  }
  override async post(message: QueuedMessage, destination: Destination): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return super.post(message, destination);
  }
}

describe("a batch that takes longer than its lease", () => {
  it("keeps its claims to the end: another deliverer polling meanwhile takes none", async () => {
    g = await buildGroup();
    await bindAnnouncements(g, "slack", "ann");
    const deps = { store: g.deps.store, clock: systemClock };
    const keys = Array.from({ length: 6 }, (_, i) => `lease:${i}`);
    await deps.store.transaction(async (tx) => {
      for (const m of await tx.outbox.due(new Date(Date.now() + 3_600_000), 1000)) await tx.outbox.markSent(m.id, new Date());
      for (const key of keys) await tx.outbox.enqueue({ groupId: g.groupId, idempotencyKey: key, audience: { kind: "channel", purpose: "announcements" }, text: key }, new Date());
    });
    const leaseMs = 1_500;
    // Six posts of half a second each: the batch lasts twice the lease.
    const slow = new SlowSender(500);
    const other = new RecordingSender("slack");
    let finished = false;
    const first = deliverOutbox(deps, [slow], { worker: "first", leaseMs }).finally(() => (finished = true));
    let polls = 0;
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (!finished) polls += 1;
      await deliverOutbox(deps, [other], { worker: "second", leaseMs });
    }
    expect(await first).toBe(keys.length);
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(other.calls).toEqual([]);
    expect(slow.calls.map((c) => c.key)).toEqual(keys);
  }, 60_000);
});
