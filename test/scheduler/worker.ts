// A separate process that runs due jobs on a shared SQLite file, for the two-process test.
//   node --import tsx test/scheduler/worker.ts DB_PATH WORKER_NAME NOW_ISO
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";

const [dbPath, worker, nowIso] = process.argv.slice(2) as [string, string, string];
const db = await openDatabase(dbPath);
const now = new Date(nowIso);
const deps = { store: db.store, clock: { now: () => now } };
let ran = 0;
// Small batches, so the two workers keep meeting each other on the same jobs.
for (let pass = 0; pass < 1000; pass++) {
  const n = await runDueJobs(deps, worker, now, 5);
  ran += n;
  if (n === 0) break;
}
await db.close();
process.stdout.write(JSON.stringify({ worker, ran }) + "\n");
