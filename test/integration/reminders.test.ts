// Reminders before a poll's deadline, run by the scheduler on a real SQLite file: only agencies that
// have not responded are reminded, a closed poll reminds nobody, and each due job runs once.
import { afterEach, describe, expect, it } from "vitest";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Poll } from "../../src/core/polls/poll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { DAY, HOUR, later } from "../support/time.ts";
import { SLOW_MACHINE_MS, pollRecords } from "./pollRecords.ts";

/** The group the running test built, removed after it whatever happened. */
let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

async function threeAgenciesAndAPoll(): Promise<{ g: TestGroup; poll: Poll }> {
  const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 2 }));
  const poll = must(await openPoll(g.deps, g.operator, { title: "Data sharing policy", closesAt: later(g.clock.now(), 7 * DAY) }));
  return { g, poll };
}

/** Agency codes of the poll's reminders, in the order they were queued. */
function reminded(g: TestGroup, pollId: number): string[] {
  const codeOf = new Map(g.agencies.map((a) => [a.id, a.code]));
  return pollRecords(g, pollId)
    .outbox()
    .filter((m) => m.data["event"] === "poll.reminder")
    .map((m) => {
      expect(m.audience["kind"]).toBe("agency");
      return codeOf.get(m.audience["agencyId"] as number) ?? "?";
    });
}

describe("poll reminders", { timeout: SLOW_MACHINE_MS }, () => {
  it("go 72 h and 24 h before the deadline, only to agencies that have not responded", async () => {
    const { g, poll } = await threeAgenciesAndAPoll();
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur" }));

    expect(await g.advanceTo(later(poll.closesAt, -72 * HOUR - 1))).toBe(0);
    expect(reminded(g, poll.id)).toEqual([]);

    expect(await g.advanceTo(later(poll.closesAt, -72 * HOUR))).toBe(1);
    expect(reminded(g, poll.id)).toEqual(["ESA", "JAXA"]);
    const first = pollRecords(g, poll.id).outbox().filter((m) => m.data["event"] === "poll.reminder");
    for (const message of first) {
      expect(message.text).toContain(`#${poll.id}`);
      expect(message.text).toContain(`${message.data["agency"]} has not responded`);
    }

    // ESA answers between the two reminders: it gets no second one.
    g.clock.set(later(poll.closesAt, -48 * HOUR));
    must(await castPosition(g.deps, g.rep("ESA", 1), { pollId: poll.id, stance: "abstain" }));

    expect(await g.advanceTo(later(poll.closesAt, -24 * HOUR))).toBe(1);
    expect(reminded(g, poll.id)).toEqual(["ESA", "JAXA", "JAXA"]);
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
  });

  it("stop when the poll closes early: the pending reminder jobs are cancelled", async () => {
    const { g, poll } = await threeAgenciesAndAPoll();
    expect(await g.advanceTo(later(poll.closesAt, -72 * HOUR))).toBe(1);
    expect(reminded(g, poll.id)).toEqual(["NASA", "ESA", "JAXA"]);

    g.clock.set(later(poll.closesAt, -60 * HOUR));
    for (const code of ["NASA", "ESA", "JAXA"]) must(await castPosition(g.deps, g.rep(code), { pollId: poll.id, stance: "concur" }));
    expect(pollRecords(g, poll.id).poll().outcome).toBe("adopted");
    expect(pollRecords(g, poll.id).jobs().map((j) => [j.kind, j.status])).toEqual([
      ["poll.remind", "done"],
      ["poll.remind", "cancelled"],
      ["poll.close", "cancelled"],
    ]);

    expect(await g.advanceTo(later(poll.closesAt, -24 * HOUR))).toBe(0);
    expect(await g.advanceTo(later(poll.closesAt, DAY))).toBe(0);
    expect(reminded(g, poll.id)).toEqual(["NASA", "ESA", "JAXA"]);
  });

  it("are never sent for a poll that closed before the first one fell due", async () => {
    const { g, poll } = await threeAgenciesAndAPoll();
    for (const code of ["NASA", "ESA", "JAXA"]) must(await castPosition(g.deps, g.rep(code), { pollId: poll.id, stance: "concur" }));
    expect(pollRecords(g, poll.id).jobs().every((j) => j.status === "cancelled")).toBe(true);
    for (const at of [later(poll.closesAt, -72 * HOUR), later(poll.closesAt, -24 * HOUR), poll.closesAt]) expect(await g.advanceTo(at)).toBe(0);
    expect(reminded(g, poll.id)).toEqual([]);
  });
});

describe("each due job runs once", { timeout: SLOW_MACHINE_MS }, () => {
  it("when the due jobs are run twice at the same moment", async () => {
    const { g, poll } = await threeAgenciesAndAPoll();
    const at = later(poll.closesAt, -72 * HOUR);
    expect(await g.advanceTo(at)).toBe(1);
    expect(await g.advanceTo(at)).toBe(0);
    expect(reminded(g, poll.id)).toEqual(["NASA", "ESA", "JAXA"]);
  });

  // Both workers share one connection here, so only the claim keeps the slower one from running a job
  // again; two processes on one file are in test/scheduler/twoProcesses.test.ts.
  it("when two workers run them concurrently", async () => {
    const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 1 }));
    const closesAt = later(g.clock.now(), 7 * DAY);
    const polls: Poll[] = [];
    for (let i = 0; i < 6; i++) polls.push(must(await openPoll(g.deps, g.operator, { title: `Poll ${i}`, closesAt })));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: polls[0]!.id, stance: "object", reason: "Not ready" }));

    for (const at of [later(closesAt, -72 * HOUR), later(closesAt, -24 * HOUR), closesAt]) {
      g.clock.set(at);
      const ran = await Promise.all([runDueJobs(g.deps, "alpha", at), runDueJobs(g.deps, "beta", at)]);
      expect(ran[0] + ran[1]).toBe(polls.length);
    }

    const jobs = g.rows<{ status: string; doneBy: string | null }>(`SELECT status, doneBy FROM "ScheduledJob"`);
    expect(jobs).toHaveLength(polls.length * 3);
    expect(jobs.every((j) => j.status === "done" && (j.doneBy === "alpha" || j.doneBy === "beta"))).toBe(true);
    expect(g.rows(`SELECT pollId FROM "Decision"`)).toHaveLength(polls.length);
    expect(g.rows(`SELECT id FROM "AuditEntry" WHERE action = 'poll.closed'`)).toHaveLength(polls.length);
    for (const poll of polls) {
      expect(reminded(g, poll.id)).toEqual(poll === polls[0] ? ["ESA", "JAXA", "ESA", "JAXA"] : ["NASA", "ESA", "JAXA", "NASA", "ESA", "JAXA"]);
      expect(pollRecords(g, poll.id).outbox().filter((m) => m.data["event"] === "poll.closed")).toHaveLength(1);
    }
    expect(pollRecords(g, polls[0]!.id).decision()?.outcome).toBe("not adopted");
  });
});
