// A storm of positions on one poll: many representatives cast and change their agency's position at
// once. Whatever the interleaving, each agency ends with one current position equal to its last change,
// the history and the audit hold every accepted change, and no vote is lost or fails on a busy database.
import { afterEach, describe, expect, it } from "vitest";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Poll, Stance } from "../../src/core/polls/poll.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import type { CastReport, PlannedCast } from "./castWorker.ts";
import { startCastWorker } from "./castWorkers.ts";
import { DAY, SLOW_MACHINE_MS, later, pollRecords } from "./pollRecords.ts";

/** The group the running test built, removed after it whatever happened. */
let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

/** A small seeded generator, so that a failing storm can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STANCES: Stance[] = ["concur", "abstain", "object"];

/**
 * Ten agencies with three representatives each; the last agency never answers, so the consensus poll
 * cannot close early however the others vote. Every representative of the others casts `rounds` times,
 * in a shuffled order; about one objection in five comes without a reason and must be refused.
 */
async function storm(seed: number, rounds: number): Promise<{ g: TestGroup; poll: Poll; plan: PlannedCast[] }> {
  const g = (built = await buildGroup({ agencies: 10, representatives: 3 }));
  const poll = must(await openPoll(g.deps, g.operator, { title: "Storm", closesAt: later(g.clock.now(), 7 * DAY) }));
  const next = random(seed);
  const plan: PlannedCast[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const agency of g.agencies.slice(0, -1)) {
      for (const caller of agency.representatives) {
        const stance = STANCES[Math.floor(next() * STANCES.length)]!;
        const reason = stance === "object" && next() >= 0.2 ? `${caller.externalId} objects, round ${round}` : undefined;
        plan.push({ caller, input: { pollId: poll.id, stance, reason } });
      }
    }
  }
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return { g, poll, plan };
}

/** What the file must hold after the storm, given how many casts were accepted. */
function expectConsistent(g: TestGroup, poll: Poll, accepted: number) {
  const records = pollRecords(g, poll.id);
  const voting = g.agencies.slice(0, -1).map((a) => a.id);
  const history = records.history();
  const positions = records.positions();

  expect(records.poll().status).toBe("open");
  expect(positions.map((p) => p.agencyId).sort((a, b) => a - b)).toEqual([...voting].sort((a, b) => a - b));
  expect(history).toHaveLength(accepted);
  for (const position of positions) {
    const last = history.filter((c) => c.agencyId === position.agencyId).at(-1);
    expect(position).toEqual({ agencyId: last!.agencyId, stance: last!.stance, reason: last!.reason, castById: last!.castById });
  }

  // The audit tells the same story in the same order, and each change saw the one before it.
  const codeOf = new Map(g.agencies.map((a) => [a.id, a.code]));
  const audit = records.audit().filter((a) => a.action === "position.cast");
  expect(audit).toHaveLength(accepted);
  const previous = new Map<number, string>();
  audit.forEach((entry, i) => {
    const change = history[i]!;
    expect(entry.actorId).toBe(change.castById);
    expect(entry.details).toMatchObject({ agency: codeOf.get(change.agencyId), stance: change.stance, reason: change.reason, previous: previous.get(change.agencyId) ?? null });
    previous.set(change.agencyId, change.stance);
  });
  expect(records.outbox().filter((m) => m.data["event"] === "poll.tally")).toHaveLength(accepted);
}

describe("a storm of positions on one poll", () => {
  it("hundreds of casts at once through one connection: one position per agency, every change recorded", async () => {
    const { g, poll, plan } = await storm(20260601, 11);
    expect(plan.length).toBe(297);
    const results = await Promise.all(plan.map(({ caller, input }) => castPosition(g.deps, caller, input)));

    const refused = results.flatMap((r) => (r.ok ? [] : [r.refusal.reason]));
    const unreasoned = plan.filter((c) => c.input.stance === "object" && !c.input.reason).length;
    expect(refused).toEqual(Array(unreasoned).fill("objection_needs_reason"));
    expect(unreasoned).toBeGreaterThan(0);
    expect(results.every((r) => !r.ok || r.value.closedWith === null)).toBe(true);
    expectConsistent(g, poll, results.length - refused.length);
  }, 2 * SLOW_MACHINE_MS);

  it("two processes on the same file: no busy error surfaces and no vote is lost", async () => {
    const { g, poll, plan } = await storm(424242, 6);
    // The first process speaks for each agency's first two representatives, the second for the third,
    // so both keep writing the same agencies' positions.
    const third = new Set(g.agencies.map((a) => a.representatives[2]!.externalId));
    const workers = [startCastWorker(g.dbPath, g.clock.now()), startCastWorker(g.dbPath, g.clock.now())];
    let reports: CastReport[];
    try {
      // Both have opened the database and read their casts before either starts, so that they race
      // from the first cast rather than one finishing while the other is still parsing.
      await Promise.all(workers.map((w) => w.ready));
      await Promise.all([
        workers[0]!.arm(plan.filter((c) => !third.has(c.caller.externalId))),
        workers[1]!.arm(plan.filter((c) => third.has(c.caller.externalId))),
      ]);
      reports = await Promise.all(workers.map((w) => w.go()));
    } finally {
      for (const worker of workers) worker.stop();
    }
    const outcomes = reports.flatMap((r) => r.outcomes);

    expect(outcomes.filter((o) => "error" in o)).toEqual([]);
    const accepted = outcomes.filter((o) => "ok" in o && o.ok).length;
    const unreasoned = plan.filter((c) => c.input.stance === "object" && !c.input.reason).length;
    expect(accepted).toBe(plan.length - unreasoned);
    expectConsistent(g, poll, accepted);

    // They did race: each was casting while the other was. (Which one SQLite lets write first is up to
    // its busy handler; the order they wrote in is printed should this fail.)
    const thirdPeople = new Set(g.rows<{ id: number; handle: string }>(`SELECT id, handle FROM "Person"`).filter((p) => third.has(p.handle)).map((p) => p.id));
    const writers = pollRecords(g, poll.id).history().map((c) => (thirdPeople.has(c.castById) ? "2" : "1"));
    const [first, second] = reports as [CastReport, CastReport];
    expect(Math.max(first.startedAt, second.startedAt), `casting overlapped; they wrote in this order: ${writers.join("")}`).toBeLessThan(Math.min(first.finishedAt, second.finishedAt));
  }, 2 * SLOW_MACHINE_MS);

  // better-sqlite3 is synchronous: without the turns in src/infra/db/sqlite/fileTurns.ts, a transaction waiting for
  // the other connection's write lock would block the event loop in SQLite's busy handler, the holder could
  // never commit, and the waiter would fail with SQLITE_BUSY after 10 s, its vote lost.
  it("two connections in one process: no busy error surfaces and no vote is lost", async () => {
    const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] }));
    const poll = must(await openPoll(g.deps, g.operator, { title: "Two connections", closesAt: later(g.clock.now(), 7 * DAY) }));
    const other = await openDatabase(g.dbPath);
    try {
      const otherDeps = { store: other.store, clock: g.clock };
      const results = await Promise.allSettled([
        castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur" }),
        castPosition(otherDeps, g.rep("ESA"), { pollId: poll.id, stance: "concur" }),
      ]);
      expect(results.map((r) => (r.status === "fulfilled" ? r.value.ok : String(r.reason)))).toEqual([true, true]);
      expect(pollRecords(g, poll.id).history()).toHaveLength(2);
    } finally {
      await other.close();
    }
  }, SLOW_MACHINE_MS);
});
