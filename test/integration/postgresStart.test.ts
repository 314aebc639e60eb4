// PostgreSQL at start, against the tests' real cluster: the bot opens it and migrates it, two processes
// starting together apply each migration once, and every way the server can be wrong stops the start
// with one line that names the setting.
import { spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migratePostgres, readMigrations, POSTGRES_MIGRATIONS_DIR } from "../../src/infra/db/migrate.ts";
import { DatabaseConfigError, openDatabase } from "../../src/infra/db/openDatabase.ts";
import { MINIMUM_SERVER_VERSION } from "../../src/infra/db/postgres/openPostgres.ts";
import { freePort } from "../support/postgresCluster.ts";
import { databaseUrl, freshPostgres, type TestPostgres } from "../support/postgres.ts";
import { REPO_ROOT, runShellScript, STACK_TRACE } from "../support/shell.ts";


const made: TestPostgres[] = [];
afterEach(async () => {
  for (const db of made.splice(0)) await db.drop();
});
const empty = async () => {
  const db = await freshPostgres({ migrated: false });
  made.push(db);
  return db;
};
const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};
const refusal = (url: string, options: Parameters<typeof openDatabase>[1] = {}) =>
  openDatabase(url, options).then(
    async (db) => {
      await db.close();
      return "opened";
    },
    (error: unknown) => (error instanceof DatabaseConfigError ? error.message : `not a DatabaseConfigError: ${String(error)}`),
  );

describe("the bot on PostgreSQL at start", () => {
  it("migrates an empty database and runs the store on it", async () => {
    const db = await empty();
    const opened = await openDatabase(db.url);
    expect(opened.description).toBe(`PostgreSQL ${db.url.replace(":test-password@", ":***@")}`);
    const group = await opened.store.transaction((tx) => tx.groups.create("On PostgreSQL", "UTC"));
    expect(await opened.store.transaction((tx) => tx.groups.byId(group.id))).toMatchObject({ name: "On PostgreSQL" });
    await opened.close();
  });

  it("says in one line naming the setting when the server cannot be reached", async () => {
    const url = new URL((await empty()).url);
    url.port = String(await freePort());
    expect(await refusal(url.toString(), { setting: "--db" })).toBe(
      `--db: cannot reach the PostgreSQL server at 127.0.0.1:${url.port} (ECONNREFUSED); check the host and port in --db and that the server is running.`,
    );
  });

  it("says so when the password is wrong", async () => {
    const db = await empty();
    expect(await refusal(withPassword(db.url, "wrong"))).toBe(`DATABASE_URL: PostgreSQL refused the password of user "postgres"; put the right password in DATABASE_URL.`);
  });

  it("says so when the database does not exist", async () => {
    const url = databaseUrl("no_such_database");
    expect(await refusal(url, { setting: "--db" })).toMatch(
      /^--db: the PostgreSQL server at 127\.0\.0\.1:\d+ has no database "no_such_database"; create it \(createdb no_such_database\) or name an existing one in --db\.$/,
    );
  });

  it("says so when the server is older than the oldest supported version, and leaves the database untouched", async () => {
    const db = await empty();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const version = Number((await client.query<{ server_version_num: string }>("SHOW server_version_num")).rows[0]!.server_version_num);
    expect(version).toBeGreaterThanOrEqual(MINIMUM_SERVER_VERSION);
    // The server at hand is the real one; only the minimum moves past it.
    const minimum = (Math.floor(version / 10000) + 1) * 10000;
    expect(await refusal(db.url, { minimumServerVersion: minimum })).toMatch(
      new RegExp(`^DATABASE_URL: the PostgreSQL server at 127\\.0\\.0\\.1:\\d+ runs version ${Math.floor(version / 10000)}\\.\\d+; this bot needs PostgreSQL ${minimum / 10000}\\.0 or newer\\.$`),
    );
    expect((await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`)).rows[0].t).toBeNull();
    await client.end();
  });

  it("stops the start when an applied migration was edited", async () => {
    const db = await empty();
    await (await openDatabase(db.url)).close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`UPDATE "_prisma_migrations" SET checksum = 'edited' WHERE migration_name = $1`, [readMigrations(POSTGRES_MIGRATIONS_DIR)[0]!.name]);
    await client.end();
    expect(await refusal(db.url, { setting: "--db" })).toMatch(/^--db: migration \d+_\w+ was changed after it was applied; add a new migration instead\.$/);
  });

  it("refuses a database migrated by a newer version of the bot, in the real process, applying nothing", async () => {
    const db = await empty();
    const migrations = readMigrations(POSTGRES_MIGRATIONS_DIR);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await migratePostgres(client, migrations.slice(0, -1));
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', now(), '29991231000000_from_a_newer_build', now(), 1)`,
    );
    const says = (setting: string) =>
      `${setting}: the database was migrated by a newer version of the bot (migration 29991231000000_from_a_newer_build is not in this one); ` +
      `start that version or a later one on it, or restore a backup taken before it was migrated.`;
    const shell = await runShellScript([":now"], [], db.url, { silent: true });
    expect(shell.exitCode).toBe(2);
    expect(shell.stderr).not.toMatch(STACK_TRACE);
    expect(shell.stderr.trim()).toBe(says("--db"));
    const platform = await runMain({ DATABASE_URL: db.url, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(platform.code).toBe(2);
    expect(platform.stderr).not.toMatch(STACK_TRACE);
    expect(platform.stderr.trim()).toBe(says("DATABASE_URL"));
    const { rows } = await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    await client.end();
    expect(rows.map((r) => r.migration_name)).not.toContain(migrations.at(-1)!.name);
    expect(rows).toHaveLength(migrations.length);
  }, 120_000);

  it("exits non-zero with that one line and no stack trace, from --db and from DATABASE_URL", async () => {
    const db = await empty();
    const run = await runShellScript([":now"], [], withPassword(db.url, "wrong"), { silent: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe(`--db: PostgreSQL refused the password of user "postgres"; put the right password in --db.`);
    expect(run.stderr).not.toMatch(STACK_TRACE);

    const platform = await runMain({ DATABASE_URL: withPassword(db.url, "wrong"), SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(platform.code).toBe(2);
    expect(platform.stderr).not.toMatch(STACK_TRACE);
    expect(platform.stderr.trim()).toBe(`DATABASE_URL: PostgreSQL refused the password of user "postgres"; put the right password in DATABASE_URL.`);
  }, 120_000);
});

describe("two processes starting together on one PostgreSQL database", () => {
  it("apply each migration once, the second waiting for the first's advisory lock", async () => {
    const db = await empty();
    const startAt = Date.now() + 3_000;
    const runs = await Promise.all([0, 1].map(() => runNode([join(REPO_ROOT, "test/integration/migrateWorker.ts"), db.url, String(startAt)])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const applied = runs.map((r) => JSON.parse(r.stdout.trim()) as string[]);
    const names = readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
    expect([...applied[0]!, ...applied[1]!].sort()).toEqual(names);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`);
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
  }, 120_000);
});

function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `src/main.ts` with a platform configured, so that it opens DATABASE_URL as a deployment would. */
function runMain(env: NodeJS.ProcessEnv) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK)_|^DATABASE_URL$/.test(k)));
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "src/main.ts")], { cwd: REPO_ROOT, env: { ...clean, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
