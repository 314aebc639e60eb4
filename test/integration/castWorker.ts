// A separate process casting positions on a shared database (a SQLite file or a postgres:// URL), for the concurrency tests.
//   node --import tsx test/integration/castWorker.ts DB_PATH NOW_ISO
// It opens the database and prints "ready"; reads one line on stdin (a JSON list of casts) and prints
// "armed"; waits for a second line ("go"), so that both workers start at the same moment; casts them all
// at once, and prints one JSON line: per cast, ok, the refusal's reason or the error thrown, and when
// it started and finished casting (wall clock), to show that the two workers' casting overlapped.
import { createInterface } from "node:readline";
import type { Caller } from "../../src/core/access/actor.ts";
import { castPosition, type CastPositionInput } from "../../src/core/polls/castPosition.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";

export interface PlannedCast {
  caller: Caller;
  input: CastPositionInput;
}

export type CastOutcome = { ok: true } | { ok: false; reason: string } | { error: string };

export interface CastReport {
  outcomes: CastOutcome[];
  startedAt: number;
  finishedAt: number;
}

const [dbPath, nowIso] = process.argv.slice(2) as [string, string];
const db = await openDatabase(dbPath);
const now = new Date(nowIso);
const deps = { store: db.store, clock: { now: () => now } };

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const nextLine = async () => (await lines.next()).value as string;
process.stdout.write("ready\n");
const plan = JSON.parse(await nextLine()) as PlannedCast[];
process.stdout.write("armed\n");
await nextLine();

const startedAt = Date.now();
const outcomes = await Promise.all(
  plan.map(async ({ caller, input }): Promise<CastOutcome> => {
    try {
      const result = await castPosition(deps, caller, input);
      return result.ok ? { ok: true } : { ok: false, reason: result.refusal.reason };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }),
);
const finishedAt = Date.now();
await db.close();
const report: CastReport = { outcomes, startedAt, finishedAt };
process.stdout.write(JSON.stringify(report) + "\n");
process.exit(0);
