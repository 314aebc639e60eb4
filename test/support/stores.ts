// The stores that the repository contract suite (test/contract) runs against, in one list. A store
// is added here in one line: a name and how to open a fresh database and connect to it again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Store } from "../../src/core/store.ts";
import type { StorePrisma } from "../../src/infra/db/db.ts";
import { PrismaClient as PostgresPrisma } from "../../src/infra/db/generated/postgres/client.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { prismaStore } from "../../src/infra/db/prismaStore.ts";
import { PORTABLE_LAYER } from "../../src/infra/db/transaction.ts";
import { freshPostgres } from "./postgres.ts";

export interface StoreUnderTest {
  /** The first connection's store. */
  store: Store;
  /** Another store on the same database, through connections of its own (for racing transactions). */
  connect(): Promise<Store>;
  close(): Promise<void>;
}

export interface StoreMaker {
  name: string;
  fresh(): Promise<StoreUnderTest>;
}

type Connection = Pick<OpenedDatabase, "store" | "close">;

/** Opens `target` again and again with `open`; closes every connection and the database at the end. */
function opener(target: string, open: (target: string) => Promise<Connection>, drop: () => void | Promise<void>): Promise<StoreUnderTest> {
  const opened: Connection[] = [];
  const connect = async () => {
    const db = await open(target);
    opened.push(db);
    return db.store;
  };
  return connect().then((store) => ({
    store,
    connect,
    close: async () => {
      for (const db of opened) await db.close();
      await drop();
    },
  }));
}

function sqlite(name: string, fastPath: boolean): StoreMaker {
  return {
    name,
    fresh: () => {
      const dir = mkdtempSync(join(tmpdir(), `contract-${name}-`));
      return opener(join(dir, "bot.db"), (path) => openDatabase(path, { fastPath }), () => rmSync(dir, { recursive: true, force: true }));
    },
  };
}

/**
 * The portable repositories alone on a fresh database of the tests' PostgreSQL cluster, with no
 * PostgreSQL layer: what every other store's extras must not be needed for. (The cast goes once
 * `StorePrisma` in src/infra/db/db.ts names a type both generated clients satisfy.)
 */
const postgresPortable: StoreMaker = {
  name: "postgres-portable",
  fresh: async () => {
    const database = await freshPostgres();
    const open = async (url: string): Promise<Connection> => {
      const prisma = new PostgresPrisma({ adapter: new PrismaPg({ connectionString: url }) });
      return { store: prismaStore(prisma as unknown as StorePrisma, PORTABLE_LAYER), close: () => prisma.$disconnect() };
    };
    return opener(database.url, open, () => database.drop());
  },
};

/** PostgreSQL as the bot opens it (openDatabase): the portable repositories with the PostgreSQL layer. */
const postgres: StoreMaker = {
  name: "postgres",
  fresh: async () => {
    const db = await freshPostgres();
    return opener(db.url, (url) => openDatabase(url), db.drop);
  },
};

export const STORE_MAKERS: StoreMaker[] = [sqlite("sqlite-fast", true), sqlite("sqlite-portable", false), postgres, postgresPortable];
