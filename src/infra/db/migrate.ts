// Applies the SQL migrations at start: prisma/migrations on SQLite, prisma/postgres/migrations on
// PostgreSQL. Prisma's own `migrate deploy` needs a schema engine that cannot be downloaded here, so this
// keeps the same `_prisma_migrations` bookkeeping (its columns, a sha256 checksum of the file, one row per
// migration): wherever Prisma's engine is available, `prisma migrate deploy` sees them as applied.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import type { ClientBase } from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/postgres/migrations", import.meta.url));

/** An applied migration whose file changed: the start stops, since migrations are append-only. */
export class EditedMigrationError extends Error {
  constructor(name: string) {
    super(`migration ${name} was changed after it was applied; add a new migration instead`);
  }
}

/**
 * The database holds a migration this build does not have: a newer build migrated it (a rolling
 * upgrade, or a downgrade). Running on it could write rows the newer schema no longer accepts, or miss
 * columns it relies on, so the start stops before touching anything.
 */
export class NewerSchemaError extends Error {
  constructor(readonly unknown: string[]) {
    const more = unknown.length > 1 ? ` and ${unknown.length - 1} more` : "";
    super(
      `the database was migrated by a newer version of the bot (migration ${unknown[0]}${more} is not in this one); ` +
        `start that version or a later one on it, or restore a backup taken before it was migrated`,
    );
  }
}

/** The applied migrations that this build does not have, in order: those of a newer build. */
export function unknownMigrations(applied: string[], migrations: Migration[] = readMigrations()): string[] {
  const known = new Set(migrations.map((m) => m.name));
  return applied.filter((name) => !known.has(name)).sort();
}

/** Refuses a database that applied migrations this build does not know, before anything is applied. */
function refuseNewer(applied: string[], migrations: Migration[]): void {
  const unknown = unknownMigrations(applied, migrations);
  if (unknown.length > 0) throw new NewerSchemaError(unknown);
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * Applies each pending migration in its own IMMEDIATE transaction, so two processes starting on one
 * file at once cannot both apply it. Returns the names applied. A changed, already applied migration
 * is an error: migrations are append-only.
 */
export function migrateSqlite(db: Database.Database, migrations = readMigrations()): string[] {
  db.exec(BOOKKEEPING);
  const done = db.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`).all() as { migration_name: string }[];
  refuseNewer(
    done.map((r) => r.migration_name),
    migrations,
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = db.transaction(() => {
      const row = db
        .prepare(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL AND finished_at IS NOT NULL`)
        .get(migration.name) as { checksum: string } | undefined;
      if (row) {
        if (row.checksum !== migration.checksum) throw new EditedMigrationError(migration.name);
        return false;
      }
      db.exec(migration.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
      ).run(randomUUID(), migration.checksum, migration.name);
      return true;
    }).immediate();
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** Prisma's own table on PostgreSQL, column for column. */
const POSTGRES_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * The key of the advisory lock the migrator holds, the same in every process of every version: the
 * first 8 bytes of sha256("consensus-bot migrations") as a signed bigint.
 */
export const MIGRATION_LOCK_KEY = createHash("sha256").update("consensus-bot migrations").digest().readBigInt64BE(0).toString();

/**
 * Applies each pending migration in its own transaction while holding a session advisory lock, so that
 * replicas starting together queue here and each migration is applied once: the second process finds
 * it in `_prisma_migrations` when its turn comes. (Prisma's own migrate lock has open issues with
 * concurrent deploys.) Returns the names applied. `client` is a connection of its own, not a pool's.
 */
export async function migratePostgres(client: ClientBase, migrations = readMigrations(POSTGRES_MIGRATIONS_DIR)): Promise<string[]> {
  await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
  try {
    await client.query(POSTGRES_BOOKKEEPING);
    const done = await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`);
    refuseNewer(
      done.rows.map((r) => r.migration_name),
      migrations,
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      await client.query("BEGIN");
      try {
        const { rows } = await client.query<{ checksum: string }>(
          `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL AND finished_at IS NOT NULL`,
          [migration.name],
        );
        if (rows[0]) {
          if (rows[0].checksum !== migration.checksum) throw new EditedMigrationError(migration.name);
          await client.query("COMMIT");
          continue;
        }
        // A simple query (no parameters) may hold several statements, as a migration file does.
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
  }
}
