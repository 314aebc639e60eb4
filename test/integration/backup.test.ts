// An online backup taken by `npm run backup` while votes pour in, restored by `npm run restore`: the
// restored database passes SQLite's integrity check and holds every vote committed before the backup
// began. And the backup's bad inputs get one line and a non-zero exit.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { baseEnvironment } from "../support/mainProcess.ts";
import { REPO_ROOT } from "../support/shell.ts";
import { DAY, later } from "./pollRecords.ts";

let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

function tool(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/databaseTool.ts", ...args], { cwd: REPO_ROOT, env: { ...baseEnvironment(), DATABASE_URL: databaseUrl } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

const STANCES: Stance[] = ["concur", "abstain", "object"];

describe("online backup and restore", { timeout: 120_000 }, () => {
  it("a backup taken during a storm of votes restores whole, with every vote committed before it began", async () => {
    const g = (built = await buildGroup({ agencies: 6, representatives: 2 }));
    const poll = must(await openPoll(g.deps, g.operator, { title: "Storm", closesAt: later(g.clock.now(), 7 * DAY) }));
    const voters = g.agencies.slice(0, -1).flatMap((a) => a.representatives);
    const committed: number[] = [];
    let storming = true;
    // The storm: votes one after another as fast as the store takes them (each a committed transaction).
    const storm = (async () => {
      for (let i = 0; storming; i++) {
        const stance = STANCES[i % STANCES.length]!;
        must(await castPosition(g.deps, voters[i % voters.length]!, { pollId: poll.id, stance, ...(stance === "object" ? { reason: `round ${i}` } : {}) }));
        committed.push(i);
        // better-sqlite3 is synchronous: without a turn of the event loop the test would never see the backup end.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (committed.length < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = g.rows<{ id: number }>(`SELECT "id" FROM "PositionChange" ORDER BY "id"`).map((r) => r.id);
    const backupFile = join(g.dir, "backups", "during-storm.db");
    const backup = await tool(["backup", backupFile], g.dbPath);
    const duringBackup = committed.length;
    storming = false;
    await storm;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* to .*during-storm\.db \(\d+ bytes, \d+ ms\)\.\n$/);
    expect(existsSync(`${backupFile}.partial`)).toBe(false);

    const restoredPath = join(g.dir, "restored", "bot.db");
    mkdirSync(join(g.dir, "restored"));
    const restore = await tool(["restore", backupFile], restoredPath);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = new Database(restoredPath, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    const ids = new Set((restored.prepare(`SELECT "id" FROM "PositionChange"`).all() as { id: number }[]).map((r) => r.id));
    restored.close();
    for (const id of before) expect(ids.has(id), `vote ${id} committed before the backup began is missing`).toBe(true);
    // The storm went on while the backup ran, so the backup really was taken under writes.
    expect(duringBackup).toBeGreaterThan(before.length);
    // And the restored file opens as the bot's database (migrations up to date, the poll and its votes there).
    const reopened = await openDatabase(restoredPath);
    const positions = await reopened.store.transaction((tx) => tx.polls.positions(poll.id));
    expect(positions.length).toBe(g.agencies.length - 1);
    await reopened.close();
    console.log(`backup during a storm: ${before.length} votes committed before it began, ${duringBackup - before.length} more during it; restored ${ids.size}`);
  });

  it("refuses an unwritable destination and a file that is not a backup, in one line, with a non-zero exit", async () => {
    const g = (built = await buildGroup({ agencies: 1 }));
    writeFileSync(join(g.dir, "a-file"), "");
    const unwritable = await tool(["backup", join(g.dir, "a-file", "sub", "b.db")], g.dbPath);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toBe(`backup destination: backups cannot be written to ${join(g.dir, "a-file", "sub")} (ENOTDIR); give a directory the bot may write to.\n`);
    writeFileSync(join(g.dir, "junk.db"), "not a database at all");
    const junk = await tool(["restore", join(g.dir, "junk.db")], join(g.dir, "target.db"));
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^.*junk\.db is not a backup of this bot: file is not a database\n$/);
    expect(existsSync(join(g.dir, "target.db"))).toBe(false);
    const postgres = await tool(["backup", join(g.dir, "b.db")], "postgres://localhost/bot");
    expect(postgres.stderr).toContain("pg_dump");
    expect(postgres.code).toBe(2);
  });
});
