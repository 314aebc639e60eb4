// Opens the embedded database: migrations first (plain better-sqlite3), then Prisma on its driver adapter.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client.ts";
import { migrateSqlite } from "./migrate.ts";

export type SqlitePrisma = InstanceType<typeof PrismaClient>;

export interface OpenedSqlite {
  prisma: SqlitePrisma;
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

export async function openSqlite(path: string, synchronous: SqliteSynchronous = "FULL"): Promise<OpenedSqlite> {
  mkdirSync(dirname(path), { recursive: true });
  const setup = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers continue while one writer commits; it is a property of the file and persists.
    setup.pragma("journal_mode = WAL");
    migrateSqlite(setup);
  } finally {
    setup.close();
  }
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: BUSY_TIMEOUT_MS }) });
  await prisma.$queryRawUnsafe(`PRAGMA synchronous = ${synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return { prisma, path, close: () => prisma.$disconnect() };
}
