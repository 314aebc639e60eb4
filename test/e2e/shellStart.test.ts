// How the real `npm start` shell starts and stops when it is piped: --help, the database named on
// stderr, the --empty warning, no escape codes in piped output, and the infrastructure failures that
// must end in one line and an exit code, never a stack trace.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateSqlite, readMigrations } from "../../src/infra/db/migrate.ts";
import { REPO_ROOT, runShellScript, shellEnvironment, STACK_TRACE, type ShellRun } from "../support/shell.ts";

const dir = mkdtempSync(join(tmpdir(), "shell-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RUN_TIMEOUT = 120_000;

/** Exactly one line on stderr, and not a crash's. */
function expectOneLine(run: ShellRun, says: RegExp): void {
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(says);
}

describe.concurrent("the shell's start and stop, piped", () => {
  it("prints --help on stdout and exits 0, without opening a database", async () => {
    const db = join(dir, "help.db");
    const run = await runShellScript([], ["--help"], db);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Usage: npm start -- [--json] [--clock ISO] [--db PATH] [--empty] [--help]");
    for (const flag of ["--json", "--clock ISO", "--db PATH", "--empty", "as HANDLE", ":advance", "NO_COLOR", "Exit codes"]) expect(run.stdout).toContain(flag);
    expect(existsSync(db)).toBe(false);
  }, RUN_TIMEOUT);

  describe("a database used twice, the second time with --empty", () => {
    const db = join(dir, "twice.db");
    let first: ShellRun;
    let second: ShellRun;
    beforeAll(async () => {
      first = await runShellScript(["/agency list"], ["--json"], db);
      second = await runShellScript(["/agency list"], ["--empty"], db);
    }, RUN_TIMEOUT * 2);

    it("names the database on stderr at start, new the first time, with its group the second", () => {
      expect(first.exitCode).toBe(0);
      expect(first.stderr).toContain(`Database: SQLite ${db}, new.`);
      expect(second.stderr).toContain(`Database: SQLite ${db}, with the group «Demo coordination group».`);
      // Piped stdout is the bot's messages only: with --json, every line is one.
      expect(first.stdout.trim().split("\n").every((line) => line.startsWith("{"))).toBe(true);
    });

    it("warns that --empty has no effect on a file that holds a group, and opens the group as it is", () => {
      expect(second.exitCode).toBe(0);
      expect(second.stderr).toMatch(/Warning: --empty has no effect, since SQLite .*twice\.db already holds the group «Demo coordination group»/);
      expect(second.stdout).not.toContain("empty group");
      expect(second.stdout).toContain("NASA — National Aeronautics and Space Administration");
      expect(first.stderr).not.toContain("Warning");
    });

    it("prints no escape codes when its output is not a terminal", () => {
      expect(second.stdout).toContain("[operator]");
      expect(second.stdout).not.toContain("\u001b[");
    });
  });

  describe("a database that cannot be opened: one line, exit code 2", () => {
    const cases: { name: string; db: () => string; says: RegExp }[] = [
      {
        name: "a folder",
        db: () => {
          const folder = join(dir, "a-folder");
          mkdirSync(folder);
          return folder;
        },
        says: /^--db: Cannot open the database .*a-folder: it is a folder\. Give the path of a database file/,
      },
      {
        name: "a file that is not a database",
        db: () => {
          const file = join(dir, "notes.db");
          writeFileSync(file, "These are meeting notes, not a database.\n".repeat(200));
          return file;
        },
        says: /^--db: Cannot open the database .*notes\.db: the file is not an SQLite database\./,
      },
      {
        name: "a path through a file (cannot be created)",
        db: () => {
          const file = join(dir, "plain-file");
          writeFileSync(file, "x");
          return join(file, "group.db");
        },
        says: /^--db: Cannot open the database .*plain-file\/group\.db: part of the path is a file, not a folder\./,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const run = await runShellScript([":now"], [], c.db());
        expect(run.exitCode).toBe(2);
        expectOneLine(run, c.says);
        expect(run.stdout).toBe("");
      }, RUN_TIMEOUT);
    }

    it("a database migrated by a newer version of the bot, in the shell and in platform mode, applying nothing", async () => {
      // Migrated by this build but for its last migration, then by a "newer" one that this build lacks.
      const file = join(dir, "newer.db");
      const migrations = readMigrations();
      const db = new Database(file);
      migrateSqlite(db, migrations.slice(0, -1));
      db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', current_timestamp, ?, current_timestamp, 1)`).run(
        "29991231000000_from_a_newer_build",
      );
      db.close();
      const says = (setting: string) =>
        new RegExp(
          `^${setting}: Cannot open the database .*newer\\.db: the database was migrated by a newer version of the bot \\(migration 29991231000000_from_a_newer_build is not in this one\\); start that version or a later one on it, or restore a backup taken before it was migrated\\.`,
        );
      const shell = await runShellScript([":now"], [], file);
      expect(shell.exitCode).toBe(2);
      expectOneLine(shell, says("--db"));
      const platform = await runProcess("npm start --silent", { DATABASE_URL: file, DISCORD_TOKEN: "token-for-a-bot-that-never-connects" });
      expect(platform.exitCode).toBe(2);
      expectOneLine(platform, says("DATABASE_URL"));
      // Nothing was applied: this build's last migration is still missing.
      const after = new Database(file, { readonly: true });
      const names = (after.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[]).map((r) => r.migration_name);
      after.close();
      expect(names).not.toContain(migrations.at(-1)!.name);
      expect(names).toHaveLength(migrations.length);
    }, RUN_TIMEOUT * 2);

    it("says the same in platform mode, naming DATABASE_URL", async () => {
      const file = join(dir, "platform-notes.db");
      writeFileSync(file, "not a database\n".repeat(200));
      const run = await runProcess("npm start --silent", { DATABASE_URL: file, DISCORD_TOKEN: "token-for-a-bot-that-never-connects" });
      expect(run.exitCode).toBe(2);
      expectOneLine(run, /^DATABASE_URL: Cannot open the database .*platform-notes\.db: the file is not an SQLite database\./);
    }, RUN_TIMEOUT);
  });

  it("stops with one line and exit code 141 when its output is closed early (| head -1)", async () => {
    const db = join(dir, "head.db");
    const script = Array.from({ length: 300 }, () => "/agency list").join("\\n");
    // PIPESTATUS[1] is the shell's own exit code, written where the test can read it.
    const run = await runProcess(`printf '${script}\\n' | npm start --silent -- --db '${db}' | head -1; echo "shell exit \${PIPESTATUS[1]}" >&2`, {});
    expect(run.stdout).toBe("[only operator] A demo group is ready: 8 participating agencies, each with a head of delegation\n");
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).not.toMatch(/EPIPE/);
    expect(run.stderr).toContain("The shell stopped: the output was closed before the end; the lines after it were not run.");
    expect(run.stderr).toContain("shell exit 141");
  }, RUN_TIMEOUT);
});

/** Runs a bash command line in the repository with the shell's clean environment plus `env`. */
function runProcess(commandLine: string, env: Record<string, string>): Promise<ShellRun> {
  const child = spawn("bash", ["-c", commandLine], { cwd: REPO_ROOT, env: { ...shellEnvironment(process.env), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ messages: [], stdout, stderr, exitCode: code }));
  });
}
