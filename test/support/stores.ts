// The stores that the repository contract suite (test/contract) runs against, in one list. A store
// is added here in one line: a name and how to open a fresh database and connect to it again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../../src/core/store.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";

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

/** Opens `target` again and again with `options`; closes every connection and the database at the end. */
function opener(target: string, open: (target: string) => Promise<OpenedDatabase>, drop: () => void | Promise<void>): Promise<StoreUnderTest> {
  const opened: OpenedDatabase[] = [];
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

export const STORE_MAKERS: StoreMaker[] = [
  sqlite("sqlite-fast", true),
  sqlite("sqlite-portable", false),
];
