import { resolve } from "node:path";
import { inTurnOn } from "./fileTurns.ts";
import { prismaStore } from "./prismaStore.ts";
import { openSqlite, type SqliteSynchronous } from "./sqlite.ts";
import type { Store } from "../../core/store.ts";

export const DEFAULT_DATABASE = "data/consensus.db";

export interface OpenedDatabase {
  store: Store;
  description: string;
  close(): Promise<void>;
}

export class DatabaseConfigError extends Error {}

/** A file path or a `file:` URL opens SQLite, the embedded default. */
export async function openDatabase(pathOrUrl: string, options: { synchronous?: SqliteSynchronous } = {}): Promise<OpenedDatabase> {
  if (/^postgres(ql)?:\/\//i.test(pathOrUrl)) {
    throw new DatabaseConfigError("PostgreSQL is not supported by this build yet; give a SQLite file path, such as --db data/group.db.");
  }
  const path = resolve(pathOrUrl.replace(/^file:/, ""));
  const sqlite = await openSqlite(path, options.synchronous);
  return { store: prismaStore(sqlite.prisma, sqlite.statements, (work) => inTurnOn(path, work)), description: `SQLite ${path}`, close: sqlite.close };
}
