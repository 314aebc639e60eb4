// Opens the embedded database: migrations first (plain better-sqlite3), then Prisma on its driver adapter.
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/sqlite/client.ts";
import { migrateSqlite } from "../migrate.ts";
import { sqliteStatements, type SqliteStatements } from "./statements.ts";
import { ensureFolderOf, sqliteOpenFailure } from "../openErrors.ts";

export type SqlitePrisma = InstanceType<typeof PrismaClient>;

export interface OpenedSqlite {
  prisma: SqlitePrisma;
  /** Statements on Prisma's own connection, for use inside its transactions only. */
  statements: SqliteStatements;
  path: string;
  close(): Promise<void>;
}

/** How long a writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * FULL (the default) syncs the WAL at every commit, so an acknowledged vote survives a power cut.
 * NORMAL survives a crash of the process but may lose the last commits on a power cut; it is faster.
 */
export type SqliteSynchronous = "FULL" | "NORMAL";

/**
 * Prisma's adapter opens the better-sqlite3 connection itself and keeps it in a `client` field that
 * its types do not show. The vote path needs that very connection: a second one would wait for the
 * write lock that Prisma's transaction holds. The version of the adapter is pinned in package.json.
 */
class AdapterSharingItsConnection extends PrismaBetterSqlite3 {
  #connection: Database.Database | null = null;

  override async connect() {
    const adapter = await super.connect();
    const client: unknown = (adapter as { client?: unknown }).client;
    if (!(client instanceof Database)) {
      throw new Error("@prisma/adapter-better-sqlite3 no longer keeps its connection in `client`; adapt AdapterSharingItsConnection in src/infra/db/sqlite/openSqlite.ts");
    }
    this.#connection = client;
    return adapter;
  }

  connection(): Database.Database {
    if (!this.#connection) throw new Error("Prisma has not connected to SQLite yet");
    return this.#connection;
  }
}

export async function openSqlite(path: string, synchronous: SqliteSynchronous = "FULL"): Promise<OpenedSqlite> {
  try {
    ensureFolderOf(path);
    const setup = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    try {
      // WAL lets readers continue while one writer commits; it is a property of the file and persists.
      setup.pragma("journal_mode = WAL");
      migrateSqlite(setup);
    } finally {
      setup.close();
    }
  } catch (error) {
    throw sqliteOpenFailure(path, error);
  }
  const adapter = new AdapterSharingItsConnection({ url: `file:${path}`, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe(`PRAGMA synchronous = ${synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return { prisma, statements: sqliteStatements(() => adapter.connection()), path, close: () => prisma.$disconnect() };
}
