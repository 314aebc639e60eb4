import { spawn } from "node:child_process";
import { readerFor } from "../support/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { HOUR, later } from "../support/time.ts";
import { schedulerWorld, type SchedulerWorld } from "./support.ts";

let world: SchedulerWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

function runWorker(dbPath: string, name: string, now: Date): Promise<{ worker: string; ran: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/scheduler/worker.ts", dbPath, name, now.toISOString()], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`worker ${name} exited ${code}: ${err}`))));
  });
}

describe("two processes on one SQLite file", () => {
  it("run each due job exactly once between them", async () => {
    world = await schedulerWorld(["NASA", "ESA", "JAXA", "CSA"]);
    const start = world.clock.now();
    const polls = 40;
    for (let i = 0; i < polls; i++) {
      const opened = await openPoll(world.deps, world.operator, { title: `Poll ${i}`, closesAt: later(start, (80 + i) * HOUR) });
      if (!opened.ok) throw new Error(opened.refusal.reason);
      if (i % 2 === 0) await castPosition(world.deps, world.rep("NASA"), { pollId: opened.value.id, stance: "concur" });
    }
    await world.db.close();

    // Both wake up long after every deadline, so all 120 jobs (two reminders and a closing per poll) are due.
    const now = later(start, 200 * HOUR);
    const results = await Promise.all([runWorker(world.dbPath, "alpha", now), runWorker(world.dbPath, "beta", now)]);

    const db = readerFor(world.dbPath);
    const jobs = db.rows<{ status: string; doneBy: string | null }>(`SELECT status, doneBy FROM ScheduledJob`);
    const closings = db.rows<{ n: number }>(`SELECT COUNT(*) n FROM AuditEntry WHERE action = 'poll.closed'`)[0]!;
    const decisions = db.rows<{ n: number }>(`SELECT COUNT(*) n FROM Decision`)[0]!;
    db.close();
    world.db = await openDatabase(world.dbPath);

    expect(jobs).toHaveLength(polls * 3);
    expect(jobs.every((j) => j.status === "done")).toBe(true);
    expect(results.reduce((sum, r) => sum + r.ran, 0)).toBe(polls * 3);
    expect(closings.n).toBe(polls);
    expect(decisions.n).toBe(polls);
    expect(new Set(jobs.map((j) => j.doneBy))).toEqual(new Set(results.filter((r) => r.ran > 0).map((r) => r.worker)));
  }, 120_000);
});
