// What operating the bot needs from its database beyond the Store: whether it can serve (readiness),
// the queue sizes that metrics show, and (SQLite) a consistent backup while it runs.
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import type { QueueCounts } from "../metrics.ts";
import { POSTGRES_MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import type { SqlitePrisma } from "./sqlite/openSqlite.ts";

export interface DatabaseOperations {
  /** null when the database is reachable and every migration of this build is applied; else why not. */
  probe(): Promise<string | null>;
  counts(now: Date): Promise<QueueCounts>;
}

/** The outbox and job counts, with Prisma's model API (the same on every provider). */
export async function prismaQueueCounts(prisma: Pick<SqlitePrisma, "outboxMessage" | "scheduledJob">, now: Date): Promise<QueueCounts> {
  const [outboxBacklog, outboxParked, jobsDue] = await Promise.all([
    prisma.outboxMessage.count({ where: { status: "pending" } }),
    prisma.outboxMessage.count({ where: { status: "parked" } }),
    prisma.scheduledJob.count({ where: { status: "pending", dueAt: { lte: now } } }),
  ]);
  return { outboxBacklog, outboxParked, jobsDue };
}

const identityOf = (path: string) => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
};

/**
 * Readiness of an SQLite file. The process's own connection keeps working on a file that was moved,
 * deleted or replaced (it holds the file open), while its writes would then go where no one reads
 * them, and the next start would open something else. So the probe looks at the path: the file must
 * still be the one opened at start, open afresh (read-only), and hold every migration of this build.
 */
export function sqliteOperations(path: string, prisma: SqlitePrisma): DatabaseOperations {
  const opened = identityOf(path);
  const expected = readMigrations().map((m) => m.name);
  return {
    probe: async () => {
      let identity: string;
      try {
        identity = identityOf(path);
      } catch {
        return `the database file ${path} is missing`;
      }
      if (identity !== opened) return `the database file ${path} was replaced after the bot opened it; restart the bot`;
      let db: Database.Database | undefined;
      try {
        db = new Database(path, { readonly: true, fileMustExist: true, timeout: 1000 });
        const applied = new Set(
          (db.prepare(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { name: string }[]).map((r) => r.name),
        );
        const missing = expected.filter((name) => !applied.has(name));
        return missing.length ? `the database lacks migrations ${missing.join(", ")}` : null;
      } catch (error) {
        return `the database file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        db?.close();
      }
    },
    counts: (now) => prismaQueueCounts(prisma, now),
  };
}

/**
 * Readiness of a PostgreSQL database: the server answers on the pool, within a few seconds, and every
 * PostgreSQL migration of this build is applied.
 */
export function postgresOperations(pool: { query<R extends object>(sql: string): Promise<{ rows: R[] }> }, prisma: Pick<SqlitePrisma, "outboxMessage" | "scheduledJob">): DatabaseOperations {
  const expected = readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
  return {
    probe: async () => {
      try {
        const { rows } = await Promise.race([
          pool.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 3 s")), 3_000).unref()),
        ]);
        const applied = new Set(rows.map((r) => r.name));
        const missing = expected.filter((name) => !applied.has(name));
        return missing.length ? `the database lacks migrations ${missing.join(", ")}` : null;
      } catch (error) {
        return `the PostgreSQL database cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
    counts: (now) => prismaQueueCounts(prisma, now),
  };
}
