// The error vocabulary of src/infra/db/errors.ts on real errors, raised by real databases through each
// path the store takes: better-sqlite3 directly (the SQLite fast path), Prisma over each driver
// adapter, and pg directly. A conflict must be told apart from every other error.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient as PostgresPrisma } from "../../src/infra/db/generated/postgres/client.ts";
import { conflictOf } from "../../src/infra/db/errors.ts";
import { openSqlite, type OpenedSqlite } from "../../src/infra/db/sqlite/openSqlite.ts";
import { freshPostgres, type TestPostgres } from "../support/postgres.ts";

const caught = async (work: () => Promise<unknown> | unknown): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse this");
};

describe("database errors on SQLite", () => {
  let dir: string;
  let sqlite: OpenedSqlite;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "db-errors-"));
    sqlite = await openSqlite(join(dir, "bot.db"));
    await sqlite.prisma.group.create({ data: { name: "g", timezone: "UTC" } });
    await sqlite.prisma.agency.create({ data: { groupId: 1, code: "NASA", name: "NASA", status: "participating" } });
  });
  afterAll(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a unique key through Prisma's adapter, and through better-sqlite3 directly", async () => {
    const viaPrisma = await caught(() => sqlite.prisma.agency.create({ data: { groupId: 1, code: "NASA", name: "again", status: "participating" } }));
    expect(conflictOf(viaPrisma)).toBe("unique_violation");
    const raw = new Database(join(dir, "bot.db"));
    try {
      expect(conflictOf(await caught(() => raw.prepare(`INSERT INTO "Agency" ("groupId", "code", "name", "status") VALUES (1, 'NASA', 'x', 'y')`).run()))).toBe("unique_violation");
      expect(conflictOf(await caught(() => raw.prepare(`INSERT INTO "Agency" ("id", "groupId", "code", "name", "status") VALUES (1, 1, 'ESA', 'x', 'y')`).run()))).toBe("unique_violation");
    } finally {
      raw.close();
    }
  });

  it("busy: the write lock taken by another connection past the busy timeout", async () => {
    const holder = new Database(join(dir, "bot.db"));
    const waiter = new Database(join(dir, "bot.db"), { timeout: 0 });
    try {
      holder.exec("BEGIN IMMEDIATE");
      const busy = await caught(() => waiter.exec("BEGIN IMMEDIATE"));
      expect((busy as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
      expect(conflictOf(busy)).toBe("busy");
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      waiter.close();
    }
  });

  it("other errors are no conflict: a missing row, a foreign key, a bug", async () => {
    expect(conflictOf(await caught(() => sqlite.prisma.agency.update({ where: { id: 999 }, data: { name: "x" } })))).toBeNull();
    expect(conflictOf(await caught(() => sqlite.prisma.agency.create({ data: { groupId: 999, code: "X", name: "x", status: "y" } })))).toBeNull();
    expect(conflictOf(new Error("a bug"))).toBeNull();
    expect(conflictOf("a string")).toBeNull();
  });
});

describe("database errors on PostgreSQL", () => {
  let db: TestPostgres;
  let prisma: InstanceType<typeof PostgresPrisma>;
  let other: pg.Client;
  beforeAll(async () => {
    db = await freshPostgres();
    prisma = new PostgresPrisma({ adapter: new PrismaPg({ connectionString: db.url }) });
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
    await other.query(`INSERT INTO "Group" ("name", "timezone") VALUES ('g', 'UTC')`);
    await other.query(`INSERT INTO "Agency" ("groupId", "code", "name", "status") VALUES (1, 'NASA', 'NASA', 'participating'), (1, 'ESA', 'ESA', 'participating')`);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await other?.end();
    await db?.drop();
  });

  it("23505, a unique key, through Prisma's pg adapter and through pg directly", async () => {
    const viaPrisma = await caught(() => prisma.agency.create({ data: { groupId: 1, code: "NASA", name: "again", status: "participating" } }));
    expect(conflictOf(viaPrisma)).toBe("unique_violation");
    const raw = await caught(() => other.query(`INSERT INTO "Agency" ("groupId", "code", "name", "status") VALUES (1, 'NASA', 'x', 'y')`));
    expect((raw as { code?: string }).code).toBe("23505");
    expect(conflictOf(raw)).toBe("unique_violation");
  });

  it("40001, a serialization failure: a row changed by another transaction after this one's snapshot", async () => {
    const failure = await caught(() =>
      prisma.$transaction(
        async (tx) => {
          await tx.agency.findUnique({ where: { id: 1 } });
          await other.query(`UPDATE "Agency" SET "name" = 'changed meanwhile' WHERE "id" = 1`);
          await tx.agency.update({ where: { id: 1 }, data: { name: "too late" } });
        },
        { isolationLevel: "RepeatableRead" },
      ),
    );
    expect(conflictOf(failure)).toBe("serialization_failure");
  });

  it("40P01, a deadlock: two transactions each waiting for the other's row", async () => {
    // The other side waits longer before looking for deadlocks, so that Prisma's side is the one failed.
    await other.query(`SET deadlock_timeout = '20s'`);
    let otherDone: Promise<unknown> = Promise.resolve();
    const failure = await caught(() =>
      prisma.$transaction(async (tx) => {
        await tx.agency.update({ where: { id: 1 }, data: { name: "A first" } });
        await other.query("BEGIN");
        await other.query(`UPDATE "Agency" SET "name" = 'B first' WHERE "id" = 2`);
        otherDone = other.query(`UPDATE "Agency" SET "name" = 'B second' WHERE "id" = 1`).then(() => other.query("COMMIT"));
        await tx.agency.update({ where: { id: 2 }, data: { name: "A second" } });
      }),
    );
    await otherDone;
    expect(conflictOf(failure)).toBe("deadlock");
  });
});
