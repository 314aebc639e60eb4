// A separate process casting positions on a shared SQLite file, for the concurrency test.
//   node --import tsx test/integration/castWorker.ts DB_PATH NOW_ISO
// It opens the database, prints "ready", waits for one line on stdin (a JSON list of casts), casts
// them all at once, and prints one JSON line: per cast, ok, the refusal's reason or the error thrown.
import { createInterface } from "node:readline";
import type { Caller } from "../../src/core/access/actor.ts";
import { castPosition, type CastPositionInput } from "../../src/core/polls/castPosition.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";

export interface PlannedCast {
  caller: Caller;
  input: CastPositionInput;
}

export type CastOutcome = { ok: true } | { ok: false; reason: string } | { error: string };

const [dbPath, nowIso] = process.argv.slice(2) as [string, string];
const db = await openDatabase(dbPath);
const now = new Date(nowIso);
const deps = { store: db.store, clock: { now: () => now } };

const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
const plan = JSON.parse(await new Promise<string>((resolve) => lines.once("line", resolve))) as PlannedCast[];
lines.close();

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
await db.close();
process.stdout.write(JSON.stringify(outcomes) + "\n");
