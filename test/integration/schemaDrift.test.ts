import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrateSqlite, readMigrations } from "../../src/infra/db/migrate.ts";
import { schemaDrift } from "../support/schemaDrift.ts";

const SCHEMA = join(import.meta.dirname, "../../prisma/schema.prisma");
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
