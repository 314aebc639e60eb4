// SQL run straight on better-sqlite3, for the vote path. Each query through Prisma, even `$queryRaw`,
// goes through its client proxies, request pipeline and query interpreter: about 0.1 ms and 40 KB of
// garbage a query, and that garbage, not SQLite, made the vote's p99 (a young-generation collection
// every few dozen votes; see docs/architecture.md). Here a statement is prepared once per call site,
// and values are stored and read back as Prisma's adapter does, so rows read the same either way.
import type Database from "better-sqlite3";

export type SqlValue = string | number | boolean | Date | null;

export interface SqliteStatements {
  /** Every row, with DATETIME columns as Date and BOOLEAN columns as boolean, as Prisma returns them. */
  all<T>(sql: TemplateStringsArray, ...values: SqlValue[]): T[];
  run(sql: TemplateStringsArray, ...values: SqlValue[]): void;
}

interface Prepared {
  statement: Database.Statement;
  dates: string[];
  booleans: string[];
}

/** Prisma's better-sqlite3 adapter stores dates as ISO 8601 with an explicit offset, booleans as 0 or 1. */
function stored(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * Statements on `connection`, which must be the connection of the transaction in progress: they take
 * part in it, so they are only for use inside `Store.transaction`.
 */
export function sqliteStatements(connection: () => Database.Database): SqliteStatements {
  // A tagged template's strings are one object per call site, so they key the prepared statement.
  const cache = new WeakMap<TemplateStringsArray, Prepared>();

  const prepare = (sql: TemplateStringsArray): Prepared => {
    const db = connection();
    // Prisma ends a transaction that outlives its timeout; what follows must not run on its own.
    if (!db.inTransaction) throw new Error("a store statement ran outside its transaction (did the transaction time out?)");
    let prepared = cache.get(sql);
    // After a disconnect Prisma opens a new connection, and statements belong to the old one.
    if (!prepared || prepared.statement.database !== db) {
      // Prisma's adapter turns on safe integers for the whole connection; ids here are small numbers.
      const statement = db.prepare(sql.join("?")).safeIntegers(false);
      const columns = statement.reader ? statement.columns() : [];
      prepared = {
        statement,
        dates: columns.filter((c) => c.type?.toUpperCase() === "DATETIME").map((c) => c.name),
        booleans: columns.filter((c) => c.type?.toUpperCase() === "BOOLEAN").map((c) => c.name),
      };
      cache.set(sql, prepared);
    }
    return prepared;
  };

  return {
    all<T>(sql: TemplateStringsArray, ...values: SqlValue[]): T[] {
      const { statement, dates, booleans } = prepare(sql);
      const rows = statement.all(values.map(stored)) as Record<string, unknown>[];
      for (const row of rows) {
        for (const name of dates) if (row[name] !== null) row[name] = new Date(row[name] as string | number);
        for (const name of booleans) if (row[name] !== null) row[name] = Boolean(row[name]);
      }
      return rows as T[];
    },
    run(sql: TemplateStringsArray, ...values: SqlValue[]): void {
      prepare(sql).statement.run(values.map(stored));
    },
  };
}
