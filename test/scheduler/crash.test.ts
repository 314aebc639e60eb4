import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readerFor, type Reader } from "../support/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { schedulerWorld, type SchedulerWorld } from "./support.ts";

let world: SchedulerWorld | null = null;
let server: Server | null = null;
const children: ChildProcess[] = [];
let cleanupReader: (() => void) | null = null;
afterEach(async () => {
  children.splice(0).forEach((c) => c.kill("SIGKILL"));
  cleanupReader?.();
  cleanupReader = null;
  await new Promise((r) => (server ? server.close(r) : r(null)));
  await world?.cleanup();
  world = null;
});

/** A platform that shows each idempotency key once, however often it is delivered (Discord's nonce). */
function startRecipient(delayMs: number) {
  const attempts = new Map<string, number>();
  const shown: string[] = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const { action } = JSON.parse(body) as { action: string };
      const key = String(req.headers["idempotency-key"]);
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      setTimeout(() => {
        if (action === "post" && attempts.get(key) === 1) shown.push(key);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ref: `ref-${key}` }));
      }, delayMs);
    });
  });
  return new Promise<{ url: string; attempts: Map<string, number>; shown: string[] }>((resolve) =>
    server!.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, attempts, shown })),
  );
}

function startBot(dbPath: string, url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/scheduler/crashChild.ts", dbPath, url, name], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve) => child.stdout!.once("data", () => resolve(child)));
}

const waitUntil = async (check: () => boolean, timeoutMs: number, what: string, state?: () => unknown) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `: ${JSON.stringify(state())}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * What is left to do, read through `db`. On PostgreSQL the reader blocks this thread while it asks (a
 * worker thread answers), and the recipient above is served by this same thread: so one reader serves
 * the whole wait, rather than a new worker and connection at every look, which on a loaded machine
 * (load 15 on 2 cores) left the recipient too little time to answer and the test timing out.
 */
function pendingWork(db: Reader) {
  const jobs = (db.rows<{ n: number }>(`SELECT COUNT(*) n FROM ScheduledJob WHERE status = 'pending'`)[0]!).n;
  const messages = (db.rows<{ n: number }>(`SELECT COUNT(*) n FROM OutboxMessage WHERE status != 'sent'`)[0]!).n;
  const posts = db.rows<{ key: string }>(`SELECT m.idempotencyKey || '@' || d.destination AS key FROM OutboxDelivery d JOIN OutboxMessage m ON m.id = d.messageId WHERE m.action = 'post'`);
  const closings = (db.rows<{ n: number }>(`SELECT COUNT(*) n FROM AuditEntry WHERE action = 'poll.closed'`)[0]!).n;
  return { jobs, messages, posts: posts.map((p) => p.key), closings };
}

describe("a bot killed while jobs and messages are in flight", () => {
  it("delivers every reminder and announcement exactly once as the recipient sees it, after a restart", async () => {
    world = await schedulerWorld(["NASA", "ESA", "JAXA"], new Date());
    // Reminders 3 s and 1.5 s before each deadline, so that everything falls due within seconds.
    await world.deps.store.transaction((tx) => tx.groups.update(world!.groupId, { pollReminderHours: [3 / 3600, 1.5 / 3600] }));
    const polls = 12;
    for (let i = 0; i < polls; i++) {
      const opened = await openPoll(world.deps, world.operator, { title: `Poll ${i}`, closesAt: new Date(Date.now() + 4000 + i * 150) });
      if (!opened.ok) throw new Error(opened.refusal.reason);
    }
    const recipient = await startRecipient(15);

    const first = await startBot(world.dbPath, recipient.url, "first");
    await waitUntil(() => recipient.shown.some((k) => k.includes(":remind:")), 20_000, "the first reminders");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const shownAtKill = recipient.shown.length;

    const second = await startBot(world.dbPath, recipient.url, "second");
    const reader = readerFor(world.dbPath);
    cleanupReader = () => reader.close();
    await waitUntil(() => {
      const work = pendingWork(reader);
      return work.jobs === 0 && work.messages === 0;
    }, 60_000, "all jobs and messages to be done", () => reader.rows(`SELECT id, action, status, attempts, claimedBy, claimedUntil, nextAttemptAt, lastError FROM OutboxMessage WHERE status != 'sent'`));
    second.kill("SIGTERM");

    const work = pendingWork(reader);
    if (process.env['CRASH_DEBUG']) console.log({ shownAtKill, total: recipient.shown.length, redelivered: [...recipient.attempts].filter(([, n]) => n > 1) });
    expect(shownAtKill).toBeGreaterThan(0);
    expect(work.closings).toBe(polls);
    // Every post the outbox recorded reached the recipient, and it showed each exactly once.
    expect(new Set(recipient.shown).size).toBe(recipient.shown.length);
    expect([...recipient.shown].sort()).toEqual([...work.posts].sort());
    // Reminders went to each agency of each poll, twice (3 s and 1.5 s before), none lost.
    expect(recipient.shown.filter((k) => k.includes(":remind:"))).toHaveLength(polls * 3 * 2);
    expect(recipient.shown.filter((k) => k.endsWith(":closed@shell:channel:shell"))).toHaveLength(polls);
  }, 90_000);
});
