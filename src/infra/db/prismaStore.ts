// The Store port on Prisma: every use case runs in one interactive transaction, on the portable
// repositories plus what the database's layer adds (transaction.ts).
import type { Store } from "../../core/store.ts";
import type { StorePrisma } from "./db.ts";
import { repositories, type StoreLayer } from "./transaction.ts";

/** Waiting for the single SQLite connection can take a while in a storm of votes; it must not fail. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

/** Runs a transaction when it is its turn (SQLite: see sqlite/fileTurns.ts); by default at once. */
export type Turns = <T>(work: () => Promise<T>) => Promise<T>;

export function prismaStore(prisma: StorePrisma, layer: StoreLayer, inTurn: Turns = (work) => work()): Store {
  return {
    transaction: (work) =>
      inTurn(() =>
        prisma.$transaction(async (db) => {
          await layer.begin(db);
          return work(repositories(db, layer));
        }, TRANSACTION_OPTIONS),
      ),
  };
}
