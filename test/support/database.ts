// The database a test world runs on: a SQLite file (the default) or, with TEST_DATABASE=postgres (the
// `*-postgres` projects of vitest.config.ts), a fresh PostgreSQL database on the run's cluster. Tests
// read rows through `reader()` in SQLite's dialect, whichever database it is: on PostgreSQL the SQL is
// translated (mixed-case names quoted, `?` numbered) and values come back as SQLite's reader shows
// them, so the same test files assert the same things on both.
import { join } from "node:path";
import Database from "better-sqlite3";
import { freshPostgres, syncPostgres } from "./postgres.ts";
import { readDatamodel } from "./schemaDrift.ts";

export type DatabaseKind = "sqlite" | "postgres";

/** Which database the test worlds of this run use. */
export function testDatabaseKind(): DatabaseKind {
  const wanted = process.env["TEST_DATABASE"] ?? "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgres") throw new Error(`TEST_DATABASE is "${wanted}"; it takes sqlite or postgres`);
  return wanted;
}

export interface Reader {
  rows<T>(sql: string, ...params: unknown[]): T[];
  /** Every row of every table (but the migrations' bookkeeping): a refusal must leave this as it was. */
  snapshot(): Record<string, unknown[]>;
  close(): void;
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** What openDatabase takes: a file path or a postgres:// URL. */
  target: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test world; a SQLite file lives in `dir`. */
export async function testDatabase(dir: string, kind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === "sqlite") return { kind, target: join(dir, "bot.db"), drop: async () => {} };
  const db = await freshPostgres();
  return { kind, target: db.url, drop: db.drop };
}

const isPostgres = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/** A reader of what the database at `target` holds, through a connection of its own. */
export function readerFor(target: string): Reader {
  return isPostgres(target) ? postgresReader(target) : sqliteReader(target);
}

function sqliteReader(path: string): Reader {
  const db = new Database(path, { readonly: true });
  const rows = <T>(sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];
  return {
    rows,
    snapshot: () => {
      const tables = rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name`);
      return Object.fromEntries(tables.map((t) => [t.name, rows(`SELECT * FROM "${t.name}" ORDER BY rowid`)]));
    },
    close: () => db.close(),
  };
}

let names: Set<string> | null = null;
/** The model and field names that PostgreSQL would fold to lower case unless quoted. */
function mixedCaseNames(): Set<string> {
  if (!names) {
    const { models } = readDatamodel(join(import.meta.dirname, "../../prisma/postgres/schema.prisma"));
    names = new Set(models.flatMap((m) => [m.name, ...m.fields.map((f) => f.name)]).filter((n) => n !== n.toLowerCase()));
  }
  return names;
}

/** SQLite's dialect as the tests write it, in PostgreSQL's: quoted mixed-case names, numbered parameters. */
export function toPostgresSql(sql: string): string {
  const known = mixedCaseNames();
  let n = 0;
  // String literals and quoted names are kept as they are; bare words that name a table or column are quoted.
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?|[A-Za-z_][A-Za-z0-9_]*/g, (token) => {
    if (token === "?") return `$${++n}`;
    if (token.startsWith("'") || token.startsWith('"')) return token;
    return known.has(token) ? `"${token}"` : token;
  });
}

function postgresReader(url: string): Reader {
  const db = syncPostgres(url);
  const rows = <T>(sql: string, ...params: unknown[]): T[] => db.query<T>(toPostgresSql(sql), params);
  return {
    rows,
    snapshot: () => {
      const tables = db.query<{ name: string; columns: number }>(
        `SELECT c.relname AS name, count(a.attnum) AS columns FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE s.nspname = 'public' AND c.relkind = 'r' AND c.relname != '_prisma_migrations' GROUP BY c.relname ORDER BY c.relname`,
      );
      // No rowid on PostgreSQL: every column, in order, sorts the rows the same way each time.
      return Object.fromEntries(
        tables.map((t) => [t.name, db.query(`SELECT * FROM "${t.name}" ORDER BY ${Array.from({ length: t.columns }, (_, i) => i + 1).join(", ")}`)]),
      );
    },
    close: () => db.close(),
  };
}
