// The scheduler's tick with 1,000 and with 100,000 pending jobs, measured in the same run, and how
// late jobs fire under the real runtime (node-cron tick plus a timer for the next due job). The tick is
// measured on PostgreSQL too, on a throw-away local cluster (fsync on).
//   npm run bench:scheduler      (DATABASES=sqlite or DATABASES=postgres for one only)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { startScheduledRuntime } from "../src/compose/scheduledRuntime.ts";
import { runDueJobs } from "../src/core/scheduler/runDueJobs.ts";
import { createGroup } from "../src/core/setup/configureGroup.ts";
import { systemClock } from "../src/core/shared/clock.ts";
import { openDatabase } from "../src/infra/db/openDatabase.ts";
import { createLogger } from "../src/infra/logger.ts";
import { startCluster, type Cluster } from "../test/support/postgresCluster.ts";

const DATABASES = (process.env["DATABASES"] ?? "sqlite,postgres").split(",");

const DUE_PER_TICK = 20;
const TICKS = 30;
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Pending jobs far in the future, written straight into the file: only the scheduler's reads are measured. */
function fillPending(dbPath: string, groupId: number, count: number, from: number) {
  const raw = new Database(dbPath);
  const insert = raw.prepare(`INSERT INTO ScheduledJob (groupId, kind, dueAt, payload, status, dedupeKey) VALUES (?, 'poll.close', ?, '{"pollId":0}', 'pending', ?)`);
  raw.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(groupId, new Date(from + DAY + (i % 365) * DAY + i).toISOString().replace("Z", "+00:00"), `bench:future:${i}`);
  })();
  raw.close();
}

/** The same pending jobs on PostgreSQL, written in one statement. */
async function fillPendingPostgres(url: string, groupId: number, count: number, from: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO "ScheduledJob" ("groupId", kind, "dueAt", payload, status, "dedupeKey")
     SELECT $1, 'poll.close', to_timestamp(($2::bigint + ${DAY} + (i % 365) * ${DAY}::bigint + i) / 1000.0) AT TIME ZONE 'UTC', '{"pollId":0}', 'pending', 'bench:future:' || i
     FROM generate_series(0, $3::int - 1) AS i`,
    [groupId, from, count],
  );
  await client.query(`ANALYZE "ScheduledJob"`);
  await client.end();
}

let databases = 0;
async function postgresDatabase(cluster: Cluster): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  const name = `bench_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url(name);
}

async function tickCost(pending: number, cluster?: Cluster) {
  const dir = mkdtempSync(join(tmpdir(), "scheduler-bench-"));
  try {
    const dbPath = cluster ? await postgresDatabase(cluster) : join(dir, "bench.db");
    const db = await openDatabase(dbPath);
    let now = Date.parse("2026-06-01T09:00:00Z");
    const deps = { store: db.store, clock: { now: () => new Date(now) } };
    const group = await createGroup(deps, "Bench", "UTC", { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
    if (cluster) await fillPendingPostgres(dbPath, group.id, pending, now);
    else fillPending(dbPath, group.id, pending, now);
    const idle: number[] = [];
    const busy: number[] = [];
    for (let tick = 0; tick < TICKS; tick++) {
      now += 1000;
      let t0 = performance.now();
      await runDueJobs(deps, "bench", new Date(now));
      idle.push(performance.now() - t0);
      await db.store.transaction(async (tx) => {
        for (let j = 0; j < DUE_PER_TICK; j++) await tx.jobs.schedule({ groupId: group.id, kind: "poll.close", dueAt: new Date(now), payload: { pollId: 0 }, dedupeKey: `bench:${tick}:${j}` });
      });
      t0 = performance.now();
      const ran = await runDueJobs(deps, "bench", new Date(now));
      busy.push(performance.now() - t0);
      if (ran !== DUE_PER_TICK) throw new Error(`expected ${DUE_PER_TICK} jobs to run, ran ${ran}`);
    }
    await db.close();
    return { idle: median(idle), busy: median(busy) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lateness(pending: number, jobs: number, windowMs: number) {
  const dir = mkdtempSync(join(tmpdir(), "scheduler-late-"));
  try {
    const dbPath = join(dir, "late.db");
    const db = await openDatabase(dbPath);
    const deps = { store: db.store, clock: systemClock };
    const group = await createGroup(deps, "Bench", "UTC", { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
    fillPending(dbPath, group.id, pending, Date.now());
    const start = Date.now() + 500;
    await db.store.transaction(async (tx) => {
      for (let j = 0; j < jobs; j++) await tx.jobs.schedule({ groupId: group.id, kind: "poll.close", dueAt: new Date(start + Math.random() * windowMs), payload: { pollId: 0 }, dedupeKey: `late:${j}` });
    });
    const runtime = startScheduledRuntime(deps, [], createLogger("error"), "bench");
    await new Promise((r) => setTimeout(r, windowMs + 2500));
    await runtime.stop();
    await db.close();
    const raw = new Database(dbPath, { readonly: true });
    const rows = raw.prepare(`SELECT dueAt, doneAt FROM ScheduledJob WHERE dedupeKey LIKE 'late:%'`).all() as { dueAt: string; doneAt: string | null }[];
    raw.close();
    const late = rows.map((r) => (r.doneAt ? Date.parse(r.doneAt) - Date.parse(r.dueAt) : Infinity));
    return { fired: late.filter(Number.isFinite).length, of: rows.length, p50: percentile(late, 50), p99: percentile(late, 99), max: Math.max(...late) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const report = (where: string, small: { idle: number; busy: number }, large: { idle: number; busy: number }) => {
  console.log(`Tick cost on ${where}, median of ${TICKS} ticks (${DUE_PER_TICK} due jobs per busy tick):`);
  console.log(`  1,000 pending:   idle ${small.idle.toFixed(2)} ms   busy ${small.busy.toFixed(2)} ms`);
  console.log(`  100,000 pending: idle ${large.idle.toFixed(2)} ms   busy ${large.busy.toFixed(2)} ms`);
  console.log(`  ratio 100k/1k:   idle ${(large.idle / small.idle).toFixed(2)}x   busy ${(large.busy / small.busy).toFixed(2)}x   (target within 2x)`);
};
if (DATABASES.includes("sqlite")) {
  report("SQLite", await tickCost(1_000), await tickCost(100_000));
  for (const pending of [1_000, 100_000]) {
    const l = await lateness(pending, 300, 8_000);
    console.log(`Lateness with ${pending.toLocaleString("en")} pending, ${l.of} jobs due over 8 s: fired ${l.fired}, p50 ${l.p50.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms, max ${l.max.toFixed(0)} ms (target p99 under 1,000 ms)`);
  }
}
if (DATABASES.includes("postgres")) {
  const cluster = await startCluster({ durable: true });
  try {
    report("PostgreSQL (local cluster, fsync on)", await tickCost(1_000, cluster), await tickCost(100_000, cluster));
  } finally {
    cluster.stop();
  }
}
