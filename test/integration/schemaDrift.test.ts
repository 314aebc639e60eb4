import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migratePostgres, migrateSqlite, POSTGRES_MIGRATIONS_DIR, readMigrations } from "../../src/infra/db/migrate.ts";
import { freshPostgres, type TestPostgres } from "../support/postgres.ts";
import { postgresSchemaDrift, readDatamodel, schemaDrift } from "../support/schemaDrift.ts";

const SCHEMA = join(import.meta.dirname, "../../prisma/schema.prisma");
const POSTGRES_SCHEMA = join(import.meta.dirname, "../../prisma/postgres/schema.prisma");
const dirs: string[] = [];
const freshDb = () => {
  const dir = mkdtempSync(join(tmpdir(), "drift-"));
  dirs.push(dir);
  return new Database(join(dir, "drift.db"));
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("schema.prisma and the migrations", () => {
  it("describe the same database", () => {
    const db = freshDb();
    migrateSqlite(db);
    expect(schemaDrift(SCHEMA, db)).toEqual([]);
    db.close();
  });

  it("are told apart when a migration forgets a column or an index", () => {
    const db = freshDb();
    migrateSqlite(db);
    db.exec(`ALTER TABLE "Poll" DROP COLUMN "closedAt"; DROP INDEX "Agency_groupId_code_key"; CREATE TABLE "Stray" (id INTEGER)`);
    expect(schemaDrift(SCHEMA, db)).toEqual(
      expect.arrayContaining(["column Poll.closedAt is missing", "Agency: unique(groupId,code) is missing", "table Stray is not in the schema"]),
    );
    db.close();
  });

  it("applies each migration once, also when started twice", () => {
    const db = freshDb();
    expect(migrateSqlite(db)).toEqual(readMigrations().map((m) => m.name));
    expect(migrateSqlite(db)).toEqual([]);
    const rows = db.prepare(`SELECT migration_name, finished_at FROM _prisma_migrations`).all() as { finished_at: string | null }[];
    expect(rows).toHaveLength(readMigrations().length);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    db.close();
  });

  it("brings a database made by an earlier version up to date with the migrations added since", () => {
    const db = freshDb();
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(1);
    migrateSqlite(db, migrations.slice(0, 1));
    expect(migrateSqlite(db)).toEqual(migrations.slice(1).map((m) => m.name));
    expect(schemaDrift(SCHEMA, db)).toEqual([]);
    db.close();
  });

  it("refuses to start on a migration edited after it was applied", () => {
    const db = freshDb();
    const migrations = readMigrations();
    migrateSqlite(db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    expect(() => migrateSqlite(db, edited)).toThrow(/changed after it was applied/);
    db.close();
  });
});

describe("prisma/schema.prisma and prisma/postgres/schema.prisma", () => {
  /** What Prisma's parser makes of a schema, without what is only about the provider. */
  const model = (path: string) => {
    const { models, indexes } = readDatamodel(path);
    return { models, indexes };
  };

  it("declare the same models, fields and indexes", () => {
    const sqlite = model(SCHEMA);
    const postgres = model(POSTGRES_SCHEMA);
    expect(postgres.models.map((m) => m.name)).toEqual(sqlite.models.map((m) => m.name));
    for (const m of sqlite.models) expect({ model: m.name, ...postgres.models.find((p) => p.name === m.name) }).toEqual({ model: m.name, ...m });
    expect(postgres.indexes).toEqual(sqlite.indexes);
  });

  it("are told apart when one gains a field or an index the other lacks", () => {
    const sqlite = model(SCHEMA);
    const poll = sqlite.models.find((m) => m.name === "Poll")!;
    const postgresPoll = model(POSTGRES_SCHEMA).models.find((m) => m.name === "Poll")!;
    expect({ ...postgresPoll, fields: postgresPoll.fields.slice(1) }).not.toEqual(poll);
    expect(model(POSTGRES_SCHEMA).indexes.slice(1)).not.toEqual(sqlite.indexes);
  });
});

describe("prisma/postgres/schema.prisma and its migrations, on a real PostgreSQL", () => {
  const opened: { db: TestPostgres; client: pg.Client }[] = [];
  const emptyDb = async () => {
    const db = await freshPostgres({ migrated: false });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    opened.push({ db, client });
    return client;
  };
  afterEach(async () => {
    for (const { db, client } of opened.splice(0)) {
      await client.end();
      await db.drop();
    }
  });
  const postgresMigrations = () => readMigrations(POSTGRES_MIGRATIONS_DIR);

  it("describe the same database", async () => {
    const client = await emptyDb();
    expect(await migratePostgres(client)).toEqual(postgresMigrations().map((m) => m.name));
    expect(await postgresSchemaDrift(POSTGRES_SCHEMA, client)).toEqual([]);
  });

  it("are told apart when a migration forgets a column or an index", async () => {
    const client = await emptyDb();
    await migratePostgres(client);
    await client.query(`ALTER TABLE "Poll" DROP COLUMN "closedAt"; DROP INDEX "Agency_groupId_code_key"; CREATE TABLE "Stray" (id INTEGER)`);
    expect(await postgresSchemaDrift(POSTGRES_SCHEMA, client)).toEqual(
      expect.arrayContaining(["column Poll.closedAt is missing", "Agency: unique(groupId,code) is missing", "table Stray is not in the schema"]),
    );
  });

  it("applies each migration once, also when started twice, with Prisma's bookkeeping", async () => {
    const client = await emptyDb();
    await migratePostgres(client);
    expect(await migratePostgres(client)).toEqual([]);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(postgresMigrations().map((m) => [m.name, m.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("refuses to start on a migration edited after it was applied, and changes nothing", async () => {
    const client = await emptyDb();
    const migrations = postgresMigrations();
    await migratePostgres(client, migrations);
    const edited = [...migrations.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m)), { name: "29991231000000_later", sql: `CREATE TABLE "Later" (id INTEGER)`, checksum: "x" }];
    await expect(migratePostgres(client, edited)).rejects.toThrow(/changed after it was applied/);
    expect((await client.query(`SELECT to_regclass('"Later"') AS t`)).rows[0].t).toBeNull();
    // The lock is released after a failure, so the next start is not stuck behind it.
    expect(await migratePostgres(client, migrations)).toEqual([]);
  });
});
