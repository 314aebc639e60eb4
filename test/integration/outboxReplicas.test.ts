// Two bot processes delivering one outbox on PostgreSQL to the fake Slack, through the real Slack
// sender (outboxWorker.ts): every message arrives once, and the claims of a process killed (SIGKILL)
// while it was sending are taken over once their lease has run out, again without a message twice.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createGroup } from "../../src/core/setup/configureGroup.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { freshPostgres, type TestPostgres } from "../support/postgres.ts";
import { REPO_ROOT } from "../support/shell.ts";

const BOT_TOKEN = "xoxb-outbox-replicas";
const CHANNEL = "C0OUTBOX";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface World {
  pg: TestPostgres;
  db: OpenedDatabase;
  fake: FakeSlack;
  keys: string[];
}

/** A group whose announcements go to CHANNEL on the fake Slack, with `count` announcements queued. */
async function world(count: number): Promise<World> {
  const database = await freshPostgres();
  cleanups.push(() => database.drop());
  const db = await openDatabase(database.url);
  cleanups.push(() => db.close());
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "s", teamId: "T0OUTBOX", channels: [{ id: CHANNEL, name: "general" }] });
  cleanups.push(() => fake.close());
  const deps = { store: db.store, clock: systemClock };
  const group = await createGroup(deps, "Replicas", "UTC", { handle: "operator", identity: { platform: "slack", externalId: "U0OPERATOR" } });
  const keys = Array.from({ length: count }, (_, i) => `replicas:${i}`);
  await db.store.transaction(async (tx) => {
    await tx.groups.bind(group.id, { platform: "slack", channelId: CHANNEL, purpose: "announcements" });
    // What setting up the group queued is not part of the count.
    for (const m of await tx.outbox.due(new Date(Date.now() + 60_000), 1000)) await tx.outbox.markSent(m.id, new Date());
    for (const key of keys) await tx.outbox.enqueue({ groupId: group.id, idempotencyKey: key, audience: { kind: "channel", purpose: "announcements" }, text: `message ${key}` }, new Date());
  });
  return { pg: database, db, fake, keys };
}

interface Worker {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startWorker(w: World, name: string, leaseMs: number): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "test/integration/outboxWorker.ts"), w.pg.url, w.fake.apiUrl, name, String(leaseMs)], {
    cwd: REPO_ROOT,
    env: { ...process.env, SLACK_BOT_TOKEN: BOT_TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(async () => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c));
  child.stderr!.on("data", (c: Buffer) => (stderr += c));
  return { child, done: new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

/** How many times each message's text reached the channel, by key. */
function arrivals(w: World): Map<string, number> {
  const counts = new Map(w.keys.map((k) => [k, 0]));
  for (const message of w.fake.messagesIn(CHANNEL)) {
    const key = /^message (replicas:\d+)$/.exec(String(message.text))?.[1];
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function outboxRows(w: World) {
  const client = new pg.Client({ connectionString: w.pg.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ idempotencyKey: string; status: string; claimedBy: string | null; claimedUntil: Date | null }>(
      `SELECT "idempotencyKey", "status", "claimedBy", "claimedUntil" FROM "OutboxMessage" WHERE "idempotencyKey" LIKE 'replicas:%' ORDER BY "id"`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe("two bot processes delivering one outbox on PostgreSQL", () => {
  it("deliver each message once between them", async () => {
    const w = await world(60);
    const runs = await Promise.all([startWorker(w, "alpha", 10_000), startWorker(w, "beta", 10_000)].map((worker) => worker.done));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const delivered = runs.map((r) => JSON.parse(r.stdout.trim()) as { worker: string; delivered: number });
    expect([...arrivals(w).values()]).toEqual(w.keys.map(() => 1));
    expect(delivered.reduce((sum, d) => sum + d.delivered, 0)).toBe(60);
    expect((await outboxRows(w)).every((r) => r.status === "sent" && r.claimedBy === null)).toBe(true);
  }, 120_000);

  it("take over, once their lease has run out, the claims of a process killed while sending", async () => {
    const w = await world(12);
    // The first post is answered with a 429 and a Retry-After of a minute: the killed process is in
    // the middle of sending it, holding the claims of its batch, when it dies.
    w.fake.failNext({ method: "chat.postMessage", error: "ratelimited", retryAfter: 60 });
    const leaseMs = 4_000;
    const doomed = startWorker(w, "doomed", leaseMs);
    await w.fake.waitForCall("chat.postMessage", undefined, 60_000);
    doomed.child.kill("SIGKILL");
    expect((await doomed.done).signal).toBe("SIGKILL");
    const held = (await outboxRows(w)).filter((r) => r.claimedBy?.startsWith("doomed:"));
    expect(held.map((r) => r.idempotencyKey)).toEqual(w.keys.slice(0, 5));
    const leaseEnds = Math.max(...held.map((r) => r.claimedUntil!.getTime()));

    const survivor = startWorker(w, "survivor", leaseMs);
    const run = await survivor.done;
    expect(run.code, run.stderr).toBe(0);
    expect([...arrivals(w).values()]).toEqual(w.keys.map(() => 1));
    // The killed process's messages went out only after its lease had run out.
    const posted = w.fake.callsTo("chat.postMessage").filter((c) => c.httpStatus === 200);
    const timeOf = (key: string) => posted.find((c) => c.args.text === `message ${key}`)!.time;
    for (const key of w.keys.slice(0, 5)) expect(timeOf(key)).toBeGreaterThanOrEqual(leaseEnds);
    expect((await outboxRows(w)).every((r) => r.status === "sent")).toBe(true);
  }, 120_000);
});
