// Each database's modules are imported only when that database is opened: a generated Prisma client,
// its driver and its query compiler cost about 10 MB of idle RSS each (bench/footprint.bench.ts),
// and a process uses one database.
import { resolve } from "node:path";
import type { DatabaseOperations } from "./operations.ts";
// turns.ts holds an interface and small functions: it loads nothing of either database.
import { untakenTurns, type DatabaseTurns } from "./turns.ts";
import { DatabaseConfigError } from "./openErrors.ts";
import { prismaStore } from "./prismaStore.ts";
import type { SqliteSynchronous } from "./sqlite/openSqlite.ts";
import type { StorePrisma } from "./db.ts";
import { PORTABLE_LAYER } from "./transaction.ts";
import type { Store } from "../../core/store.ts";

export const DEFAULT_DATABASE = "data/consensus.db";

export interface OpenedDatabase {
  store: Store;
  description: string;
  /** Readiness and queue counts, for the health and metrics endpoints. */
  operations: DatabaseOperations;
  /** Turns for one chat adapter's commands, each adapter its own: one at a time on SQLite, side by side on PostgreSQL (turns.ts). */
  turns: () => DatabaseTurns;
  /** The embedded database's file, which online backups copy; absent for a server database. */
  sqlitePath?: string;
  close(): Promise<void>;
}

export { DatabaseConfigError };

export interface DatabaseOptions {
  synchronous?: SqliteSynchronous;
  /**
   * Run the vote path's own statements (the default): on SQLite prepared on better-sqlite3, on PostgreSQL
   * named statements on the store's own transactions. Without it the store runs on the portable
   * repositories alone, in Prisma's transactions (the contract suite runs both ways on both databases).
   */
  fastPath?: boolean;
  /** Where the database was named, for the messages that stop a start: DATABASE_URL (default) or --db. */
  setting?: string;
  /** PostgreSQL only, for the tests: the oldest server version accepted (see openPostgres.ts). */
  minimumServerVersion?: number;
}

export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/**
 * A `postgres://` or `postgresql://` URL opens PostgreSQL; a file path or a `file:` URL opens SQLite, the
 * embedded default. Both run the same portable repositories, each with its own layer.
 */
export async function openDatabase(pathOrUrl: string, options: DatabaseOptions = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(pathOrUrl)) {
    const setting = options.setting ?? "DATABASE_URL";
    const [{ openPostgres }, { postgresFastPath }, { refusingNested }, { postgresStore }, { postgresOperations }] = await Promise.all([
      import("./postgres/openPostgres.ts"),
      import("./postgres/layer.ts"),
      import("./postgres/nesting.ts"),
      import("./postgres/transactions.ts"),
      import("./operations.ts"),
    ]);
    const postgres = await openPostgres(pathOrUrl, { setting, ...(options.minimumServerVersion ? { minimumServerVersion: options.minimumServerVersion } : {}) });
    // The two generated clients differ only in what the provider allows; every model, field and
    // method the repositories use is the same (schemaDrift.test.ts keeps the schemas equal).
    const prisma = postgres.prisma as unknown as StorePrisma;
    const store =
      options.fastPath === false
        ? prismaStore(prisma, PORTABLE_LAYER, { inTurn: refusingNested })
        : postgresStore(postgres.pool, prisma, postgresFastPath, { inTurn: refusingNested });
    return {
      store,
      description: `${postgres.description}${options.fastPath === false ? " (portable repositories)" : ""}`,
      operations: postgresOperations(postgres.pool, prisma),
      turns: untakenTurns,
      close: postgres.close,
    };
  }
  const path = resolve(pathOrUrl.replace(/^file:/, ""));
  const [{ openSqlite }, { sqliteFastPath, sqlitePortable }, { CommandTurns, inTurnOn }, { sqliteOperations }] = await Promise.all([
    import("./sqlite/openSqlite.ts"),
    import("./sqlite/layer.ts"),
    import("./sqlite/fileTurns.ts"),
    import("./operations.ts"),
  ]);
  // Like PostgreSQL's, the line that stops the start names where the database was given.
  const sqlite = await openSqlite(path, options.synchronous).catch((error: unknown) => {
    throw error instanceof DatabaseConfigError ? new DatabaseConfigError(`${options.setting ?? "DATABASE_URL"}: ${error.message}`) : error;
  });
  const layer = options.fastPath === false ? sqlitePortable : sqliteFastPath(sqlite.statements);
  return {
    store: prismaStore(sqlite.prisma, layer, { inTurn: (work) => inTurnOn(path, work) }),
    description: `SQLite ${path}${options.fastPath === false ? " (portable repositories)" : ""}`,
    operations: sqliteOperations(path, sqlite.prisma),
    turns: () => new CommandTurns(),
    sqlitePath: path,
    close: sqlite.close,
  };
}
