// The race that SQLite's single writer hides and PostgreSQL does not: under READ COMMITTED two
// transactions interleave unless the store locks what it reads and then writes. Thirty agencies'
// representatives cast and change positions at once, through three connection pools in this process and
// two other processes, while the closing job and an early close race them. Whatever the interleaving:
// one current position per agency, a history of exactly the casts that succeeded, one decision numbered
// once, and a tally equal to a replay of the history.
import { afterEach, describe, expect, it } from "vitest";
import { castPosition, type CastPositionInput } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import type { CastOutcome, PlannedCast } from "./castWorker.ts";
import { startCastWorker } from "./castWorkers.ts";
import { DAY, SLOW_MACHINE_MS, later, pollRecords } from "./pollRecords.ts";

let built: TestGroup | null = null;
const pools: OpenedDatabase[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  await built?.cleanup();
  built = null;
});

const STANCES: Stance[] = ["concur", "abstain", "object"];

describe("thirty agencies casting at once on PostgreSQL, raced by the closing job and an early close", () => {
  it("leaves one position per agency, the history of every accepted cast, one decision, and a tally equal to the replayed history", async () => {
    const g = (built = await buildGroup({ agencies: 30, representatives: 2, database: "postgres" }));
    const closesAt = later(g.clock.now(), 10 * DAY);
    const poll = must(await openPoll(g.deps, g.operator, { title: "Race", closesAt }));
    const extra = [await openDatabase(g.dbPath), await openDatabase(g.dbPath)];
    pools.push(...extra);
    const stores = [g.deps, ...extra.map((db) => ({ store: db.store, clock: g.clock }))];

    // Each representative casts three times; every objection has its reason, so only the closing can refuse a cast.
    const plan: PlannedCast[] = [];
    let n = 0;
    for (let round = 0; round < 3; round++) {
      for (const agency of g.agencies) {
        for (const caller of agency.representatives) {
          const stance = STANCES[(n++ * 7 + round) % 3]!;
          const input: CastPositionInput = { pollId: poll.id, stance, ...(stance === "object" ? { reason: `${caller.externalId} objects (${round})` } : {}) };
          plan.push({ caller, input });
        }
      }
    }
    // Every fifth cast goes to each of the two processes; the rest are spread over the three pools here.
    const byProcess = [plan.filter((_, i) => i % 5 === 0), plan.filter((_, i) => i % 5 === 1)];
    const here = plan.filter((_, i) => i % 5 > 1);

    const workers = [startCastWorker(g.dbPath, g.clock.now()), startCastWorker(g.dbPath, g.clock.now())];
    let outcomes: { cast: PlannedCast; outcome: CastOutcome }[] = [];
    let closings: { job: number; early: string };
    let lateOutcomes: { cast: PlannedCast; outcome: CastOutcome }[] = [];
    try {
      await Promise.all(workers.map((w) => w.ready));
      await Promise.all(workers.map((w, i) => w.arm(byProcess[i]!)));
      const reports = Promise.all(workers.map((w) => w.go()));
      reports.catch(() => {}); // awaited below; a failure before that is reported by what failed first
      let done = 0;
      let closeNow: () => void = () => {};
      const closeSignal = new Promise<void>((resolve) => (closeNow = resolve));
      const local = Promise.all(
        here.map(async (cast, i): Promise<{ cast: PlannedCast; outcome: CastOutcome }> => {
          try {
            const result = await castPosition(stores[i % stores.length]!, cast.caller, cast.input);
            return { cast, outcome: result.ok ? { ok: true } : { ok: false, reason: result.refusal.reason } };
          } catch (error) {
            return { cast, outcome: { error: error instanceof Error ? error.message : String(error) } };
          } finally {
            // The closings start in the thick of it, once a third of the casts here are in.
            if (++done === Math.floor(here.length / 3)) closeNow();
          }
        }),
      );
      await closeSignal;
      // The closing job runs as the scheduler of another replica would, at the deadline; the chair closes early from this one.
      const [job, early] = await Promise.all([
        runDueJobs({ store: extra[0]!.store, clock: { now: () => closesAt } }, "closer", closesAt),
        closePoll(stores[2]!, g.operator, poll.id).then((r) => (r.ok ? "closed" : r.refusal.reason)),
      ]);
      closings = { job, early };
      // Casts that arrive once both closings have returned: whether any cast of the storm itself lost the
      // race to the closing depends on the machine (on a quiet one, all may land first; CI saw that), but
      // these are always late, so the refusal path is taken on every run.
      const late = await Promise.all(
        plan.slice(0, 3).map(async (cast, i): Promise<{ cast: PlannedCast; outcome: CastOutcome }> => {
          const result = await castPosition(stores[i % stores.length]!, cast.caller, cast.input);
          return { cast, outcome: result.ok ? { ok: true } : { ok: false, reason: result.refusal.reason } };
        }),
      );
      const [localOutcomes, processReports] = await Promise.all([local, reports]);
      outcomes = [
        ...localOutcomes,
        ...processReports.flatMap((report, w) => report.outcomes.map((outcome, i) => ({ cast: byProcess[w]![i]!, outcome }))),
        ...late,
      ];
      lateOutcomes = late;
    } finally {
      for (const worker of workers) worker.stop();
    }

    // No cast failed with an error: each one was either accepted or refused because the poll had closed.
    expect(outcomes.filter((o) => "error" in o.outcome)).toEqual([]);
    const refusals = new Set(outcomes.flatMap((o) => ("reason" in o.outcome ? [o.outcome.reason] : [])));
    expect([...refusals].every((r) => r === "poll_closed")).toBe(true);
    // Every cast after the closings is refused because the poll closed.
    expect(lateOutcomes.map((o) => o.outcome)).toEqual(lateOutcomes.map(() => ({ ok: false, reason: "poll_closed" })));
    const accepted = outcomes.filter((o) => "ok" in o.outcome && o.outcome.ok).map((o) => o.cast);
    expect(accepted.length).toBeGreaterThan(0);

    // The poll closed once, whoever won: one closing in the audit, one decision, numbered once.
    const records = pollRecords(g, poll.id);
    expect(records.poll().status).toBe("closed");
    const closed = records.audit().filter((a) => a.action === "poll.closed");
    expect(closed).toHaveLength(1);
    // The early close reports what happened: it closed the poll, or found it closed by the job or by a last cast.
    expect(["closed", "poll_closed"]).toContain(closings!.early);
    expect(closed[0]!.details["closedBy"] === "early").toBe(closings!.early === "closed");
    const decisions = g.rows<{ number: string; seq: number; tally: string }>(`SELECT number, seq, tally FROM Decision WHERE groupId = ?`, g.groupId);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.seq).toBe(1);

    // The history is exactly the accepted casts (as multisets: who cast what), and every one precedes the closing.
    const idOf = new Map(g.rows<{ id: number; handle: string }>(`SELECT id, handle FROM Person`).map((p) => [p.handle, p.id]));
    const key = (castById: number, stance: string, reason: string | null) => `${castById}:${stance}:${reason ?? ""}`;
    const history = records.history();
    expect(history.map((h) => key(h.castById, h.stance, h.reason)).sort()).toEqual(
      accepted.map((c) => key(idOf.get(c.caller.externalId)!, c.input.stance, c.input.reason ?? null)).sort(),
    );

    // One current position per agency that spoke, equal to its last change; the tally replays the history.
    const last = new Map<number, { stance: string; reason: string | null; castById: number }>();
    for (const h of history) last.set(h.agencyId, { stance: h.stance, reason: h.reason, castById: h.castById });
    const positions = records.positions();
    expect(new Set(positions.map((p) => p.agencyId)).size).toBe(positions.length);
    expect(positions.map((p) => ({ agencyId: p.agencyId, stance: p.stance, reason: p.reason, castById: p.castById }))).toEqual(
      [...last.entries()].sort(([a], [b]) => a - b).map(([agencyId, p]) => ({ agencyId, ...p })),
    );
    const replayed = { concur: 0, abstain: 0, object: 0 };
    for (const p of last.values()) replayed[p.stance as Stance]++;
    expect(JSON.parse(decisions[0]!.tally)).toMatchObject({ electorate: 30, responded: last.size, ...replayed });
  }, 3 * SLOW_MACHINE_MS);
});
