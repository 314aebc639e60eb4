// SQL run straight on the `pg` connection of the store's transaction, for the vote path. Each query
// through Prisma costs its client proxies, query compiler and interpreter, about 0.3 ms of CPU on these
// machines, when the query itself costs PostgreSQL and `pg` about 0.05 ms (figures in layer.ts). Each
// statement here is a named (prepared) statement, parsed once per connection and then only bound and
// executed, and values are written and read back as Prisma's adapter does, so rows read the same either way.
import pg from "pg";

export type SqlValue = string | number | boolean | Date | null;

export interface PostgresStatements {
  /** Every row, with TIMESTAMP columns as Date, as Prisma returns them. */
  all<T>(sql: TemplateStringsArray, ...values: SqlValue[]): Promise<T[]>;
  run(sql: TemplateStringsArray, ...values: SqlValue[]): Promise<void>;
}

/**
 * The schema's DateTime columns are TIMESTAMP(3), without a time zone, holding UTC (as Prisma writes
 * them). `pg` would read them as local time, so they are read as UTC here, as Prisma's adapter does.
 */
const TIMESTAMP = 1114;
const readUtc = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === TIMESTAMP && format !== "binary" ? readUtc : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/** `pg` would write a Date in local time with an offset, which a TIMESTAMP column ignores; write UTC. */
const written = (value: SqlValue) => (value instanceof Date ? value.toISOString() : value);

/** A tagged template's strings are one object per call site, so they name its prepared statement. */
const names = new WeakMap<TemplateStringsArray, { name: string; text: string }>();
let named = 0;

function statement(sql: TemplateStringsArray): { name: string; text: string } {
  let s = names.get(sql);
  if (!s) {
    s = { name: `vote_path_${++named}`, text: sql.reduce((text, part, i) => `${text}$${i}${part}`) };
    names.set(sql, s);
  }
  return s;
}

/** Whether the store's transaction is still open; once it has ended, its connection serves others. */
export interface Open {
  readonly open: boolean;
}

export const OUTSIDE_TRANSACTION = "a store statement ran outside its transaction (a repository was kept past the end of its transaction)";

/** Statements on `connection`, in the store's transaction `transaction`: they take part in it. */
export function postgresStatements(connection: pg.ClientBase, transaction: Open): PostgresStatements {
  const query = <T extends pg.QueryResultRow>(sql: TemplateStringsArray, values: SqlValue[]) => {
    if (!transaction.open) return Promise.reject(new Error(OUTSIDE_TRANSACTION));
    return connection.query<T>({ ...statement(sql), values: values.map(written), types: TYPES });
  };
  return {
    all: async <T>(sql: TemplateStringsArray, ...values: SqlValue[]) => (await query<T & pg.QueryResultRow>(sql, values)).rows as T[],
    run: async (sql: TemplateStringsArray, ...values: SqlValue[]) => {
      await query(sql, values);
    },
  };
}
