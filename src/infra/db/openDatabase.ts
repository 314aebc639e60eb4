import { resolve } from "node:path";
import { sqliteOperations, type DatabaseOperations } from "./operations.ts";
import { inTurnOn } from "./sqlite/fileTurns.ts";
import { sqliteFastPath, sqlitePortable } from "./sqlite/layer.ts";
import { DatabaseConfigError } from "./openErrors.ts";
import { prismaStore } from "./prismaStore.ts";
import { openSqlite, type SqliteSynchronous } from "./sqlite/openSqlite.ts";
import type { Store } from "../../core/store.ts";

export const DEFAULT_DATABASE = "data/consensus.db";

export interface OpenedDatabase {
  store: Store;
  description: string;
  /** Readiness and queue counts, for the health and metrics endpoints. */
  operations: DatabaseOperations;
  /** The embedded database's file, which online backups copy; absent for a server database. */
  sqlitePath?: string;
  close(): Promise<void>;
}

export { DatabaseConfigError };

export interface DatabaseOptions {
  synchronous?: SqliteSynchronous;
  /**
   * SQLite only: run the vote path's statements prepared on better-sqlite3 (the default). Without it the
   * store runs on the portable repositories alone, as on PostgreSQL (the contract suite runs both).
   */
  fastPath?: boolean;
}

/** A file path or a `file:` URL opens SQLite, the embedded default. */
export async function openDatabase(pathOrUrl: string, options: DatabaseOptions = {}): Promise<OpenedDatabase> {
  if (/^postgres(ql)?:\/\//i.test(pathOrUrl)) {
    throw new DatabaseConfigError("PostgreSQL is not supported by this build yet; give a SQLite file path, such as --db data/group.db.");
  }
  const path = resolve(pathOrUrl.replace(/^file:/, ""));
  const sqlite = await openSqlite(path, options.synchronous);
  const layer = options.fastPath === false ? sqlitePortable : sqliteFastPath(sqlite.statements);
  return {
    store: prismaStore(sqlite.prisma, layer, { inTurn: (work) => inTurnOn(path, work) }),
    description: `SQLite ${path}${options.fastPath === false ? " (portable repositories)" : ""}`,
    operations: sqliteOperations(path, sqlite.prisma),
    sqlitePath: path,
    close: sqlite.close,
  };
}
