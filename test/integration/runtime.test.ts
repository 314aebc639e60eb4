// The runtime delivers the outbox after each command. In a storm, a thousand commands nudge it a
// thousand times; it must not make a thousand passes over the outbox, and it must miss nothing.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import { postAnnouncement } from "../../src/core/announcements/postAnnouncement.ts";
import type { Deps } from "../../src/core/deps.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import type { Store } from "../../src/core/store.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { jobRows, RecordingSender } from "../support/governance.ts";

let g: TestGroup | null = null;
let runtime: Runtime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
  await g?.cleanup();
  g = null;
});

/** The store, counting the transactions run through it. */
function counting(store: Store): { store: Store; count: () => number } {
  let transactions = 0;
  return {
    store: { transaction: (work) => (transactions++, store.transaction(work)) },
    count: () => transactions,
  };
}

describe("the runtime's delivery passes", () => {
  it("share one waiting pass among the nudges of a burst, and deliver what each command queued", async () => {
    g = await buildGroup({ agencies: ["NASA"], channels: ["announcements"] });
    const counted = counting(g.deps.store);
    const deps: Deps = { store: counted.store, clock: g.clock };
    const sender = new RecordingSender("shell");
    // A tick that never comes within the test: only nudges deliver.
    runtime = startScheduledRuntime(deps, [sender], pino({ level: "silent" }), "runtime-test", "0 0 1 1 *");
    await runtime.nudge();

    // A burst: 200 commands queued their messages, and each nudges the runtime at once.
    for (let i = 0; i < 200; i++) must(await postAnnouncement(g.deps, g.operator, { text: `Notice ${i}` }));
    await Promise.all(Array.from({ length: 200 }, () => runtime!.nudge()));
    const posted = sender.calls.filter((c) => c.op === "post" && c.text.includes("Notice")).map((c) => c.text);
    expect(posted).toHaveLength(200);
    expect(new Set(posted).size).toBe(200);

    // With nothing left to send, a burst of a thousand nudges costs a pass or two (two transactions
    // each: what is due, and when the next job is), not a thousand.
    const before = counted.count();
    await Promise.all(Array.from({ length: 1000 }, () => runtime!.nudge()));
    expect(counted.count() - before).toBeLessThanOrEqual(4);
    // 200 announcements and their delivery: 30 s was not enough on PostgreSQL at load 15 on 2 cores.
  }, 120_000);
});

describe("a scheduled job that fails", () => {
  it("holds up neither the other due jobs nor the outbox, and stays pending to be tried again", async () => {
    g = await buildGroup({ agencies: ["NASA"], channels: ["announcements"] });
    const world = g;
    const at = new Date(world.clock.now().getTime() + 60_000);
    // A job whose handler throws: here, one of a kind this version does not know.
    await world.deps.store.transaction((tx) =>
      tx.jobs.schedule({ groupId: world.groupId, kind: "no.such.kind", dueAt: new Date(at.getTime() - 1000), payload: {}, dedupeKey: "broken:1" }),
    );
    must(await postAnnouncement(world.deps, world.operator, { text: "Scheduled notice", at }));
    world.clock.set(at);

    await expect(runDueJobs(world.deps, "test", at)).rejects.toThrow(/1 scheduled job\(s\) failed and stay pending .*the others ran/);
    expect(jobRows(world, "").map((j) => [j.kind, j.status]).sort()).toEqual([
      ["announcement.post", "done"],
      ["no.such.kind", "pending"],
    ]);

    // The runtime logs the failure and still delivers, also to a nudge that shares the tick's pass.
    const sender = new RecordingSender("shell");
    runtime = startScheduledRuntime(world.deps, [sender], pino({ level: "silent" }), "runtime-test", "0 0 1 1 *");
    await runtime.nudge();
    expect(sender.calls.filter((c) => c.op === "post").map((c) => c.text)).toEqual([expect.stringContaining("Scheduled notice")]);
    expect(jobRows(world, "no.such").map((j) => j.status)).toEqual(["pending"]);
  });
});
