// Applies the SQL migrations under prisma/migrations at start. Prisma's own `migrate deploy` needs a
// schema engine that cannot be downloaded here, so this keeps the same `_prisma_migrations` bookkeeping:
// wherever Prisma's engine is available, `prisma migrate deploy` sees these migrations as applied.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

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
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = db.transaction(() => {
      const row = db
        .prepare(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL AND finished_at IS NOT NULL`)
        .get(migration.name) as { checksum: string } | undefined;
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
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
