// The Store port on Prisma: every use case runs in one interactive transaction, on the portable
// repositories plus what the database's layer adds (transaction.ts), retried whole when the database
// reports a conflict with another transaction (errors.ts).
import type { Store } from "../../core/store.ts";
import type { StorePrisma } from "./db.ts";
import { retryOnConflict, type RetryOptions } from "./errors.ts";
import { repositories, type StoreLayer } from "./transaction.ts";

/** Waiting for the single SQLite connection can take a while in a storm of votes; it must not fail. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

/** Runs a transaction when it is its turn (SQLite: see sqlite/fileTurns.ts); by default at once. */
export type Turns = <T>(work: () => Promise<T>) => Promise<T>;

export interface StoreOptions {
  inTurn?: Turns;
  retry?: RetryOptions;
}

export function prismaStore(prisma: StorePrisma, layer: StoreLayer, options: StoreOptions = {}): Store {
  const inTurn: Turns = options.inTurn ?? ((work) => work());
  return {
    transaction: (work) =>
      retryOnConflict(
        () =>
          inTurn(() =>
            prisma.$transaction(async (db) => {
              await layer.begin(db);
              return work(repositories(db, layer));
            }, TRANSACTION_OPTIONS),
          ),
        options.retry,
      ),
  };
}
