import { readerFor } from "../support/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { HOUR, later } from "../support/time.ts";
import { schedulerWorld, type SchedulerWorld } from "./support.ts";

let world: SchedulerWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

function outbox(w: SchedulerWorld) {
  const db = readerFor(w.dbPath);
  try {
    return db.rows<{ idempotencyKey: string; audience: string; text: string; data: string }>(`SELECT idempotencyKey, audience, text, data FROM OutboxMessage ORDER BY id`);
  } finally {
    db.close();
  }
}
const reminders = (w: SchedulerWorld) => outbox(w).filter((m) => JSON.parse(m.data).event === "poll.reminder");
const summaries = (w: SchedulerWorld) => outbox(w).filter((m) => JSON.parse(m.data).event === "catch-up");

describe("catching up after downtime", () => {
  it("runs an overdue closing once, and drops reminders about a poll that has closed since", async () => {
    world = await schedulerWorld(["NASA", "ESA", "JAXA"]);
    const opened = await openPoll(world.deps, world.operator, { title: "Workplan", closesAt: later(world.clock.now(), 100 * HOUR) });
    if (!opened.ok) throw new Error(opened.refusal.reason);
    await castPosition(world.deps, world.rep("NASA"), { pollId: opened.value.id, stance: "concur" });

    // Down from the start until long after the deadline: both reminders and the closing fell due.
    const back = later(world.clock.now(), 200 * HOUR);
    world.clock.set(back);
    await runDueJobs(world.deps, "restarted", back);
    await runDueJobs(world.deps, "restarted-again", back);

    const closed = outbox(world).filter((m) => m.idempotencyKey === `poll:${opened.value.id}:closed`);
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0]!.data).outcome).toBe("lapsed");
    expect(reminders(world)).toEqual([]);
    expect(summaries(world)).toEqual([]);
  });

  it("folds reminders overdue beyond the threshold into one summary, and sends fresh ones as usual", async () => {
    world = await schedulerWorld(["NASA", "ESA", "JAXA"]);
    const start = world.clock.now();
    const a = await openPoll(world.deps, world.operator, { title: "Long poll", closesAt: later(start, 100 * HOUR) });
    const b = await openPoll(world.deps, world.operator, { title: "Other poll", closesAt: later(start, 101 * HOUR) });
    if (!a.ok || !b.ok) throw new Error("could not open");
    await castPosition(world.deps, world.rep("ESA"), { pollId: a.value.id, stance: "abstain" });

    // Reminders fell due at +28 h and +29 h (72 h before); back at +40 h, 12 h late: beyond the 6 h threshold.
    const back = later(start, 40 * HOUR);
    world.clock.set(back);
    await runDueJobs(world.deps, "restarted", back);

    expect(reminders(world)).toEqual([]);
    const [summary, ...more] = summaries(world);
    expect(more).toEqual([]);
    expect(JSON.parse(summary!.audience)).toEqual({ kind: "channel", purpose: "announcements" });
    expect(summary!.text).toContain("2 reminders fell due");
    expect(summary!.text).toContain(`poll #${a.value.id} «Long poll» is still open; 2 of 3 agencies have not responded`);
    expect(summary!.text).toContain(`poll #${b.value.id} «Other poll» is still open; 3 of 3`);

    // The 24 h reminders fall due at +76 h and +77 h; at +77.5 h they are fresh and go out one by one.
    const onTime = later(start, 77.5 * HOUR);
    world.clock.set(onTime);
    await runDueJobs(world.deps, "running", onTime);
    const sent = reminders(world).map((m) => JSON.parse(m.data).agency as string);
    // ESA responded on the long poll, so only the other poll reminds it.
    expect(sent.sort()).toEqual(["ESA", "JAXA", "JAXA", "NASA", "NASA"]);
    expect(summaries(world)).toHaveLength(1);
  });

  it("at one instant, sends the reminder before it closes the poll", async () => {
    world = await schedulerWorld(["NASA", "ESA"]);
    const start = world.clock.now();
    const poll = await openPoll(world.deps, world.operator, { title: "Quick", closesAt: later(start, 30 * HOUR) });
    if (!poll.ok) throw new Error("could not open");
    // Only the 24 h reminder is ahead (the 72 h one would be in the past); run exactly at both due times.
    const reminderAt = later(start, 6 * HOUR);
    world.clock.set(reminderAt);
    await runDueJobs(world.deps, "w", reminderAt);
    world.clock.set(later(start, 30 * HOUR));
    await runDueJobs(world.deps, "w", later(start, 30 * HOUR));
    const order = outbox(world)
      .map((m) => JSON.parse(m.data).event as string)
      .filter((e) => e === "poll.reminder" || e === "poll.closed");
    expect(order).toEqual(["poll.reminder", "poll.reminder", "poll.closed"]);
  });
});
