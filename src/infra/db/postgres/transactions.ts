// The Store on PostgreSQL: each transaction is the store's own, on one connection of the pool that
// Prisma's adapter runs on, and Prisma joins it only when a use case calls a repository method that
// the PostgreSQL layer (layer.ts) does not run itself.
//
// Why not Prisma's interactive transaction for every use case: it costs about 0.5 to 1 ms of CPU per
// transaction before any query (client proxies, the transaction manager, its timers), when BEGIN and
// COMMIT on a `pg` connection cost about 0.1 ms; a vote's whole raw work costs about 0.8 ms. Measured
// on this machine (2 cores), 500 transactions after a warm-up, load average 3-6:
//   Prisma $transaction, empty                    p50 0.38-2.2 ms   CPU 0.48-1.44 ms
//   pool.connect, BEGIN, COMMIT, release          p50 0.08 ms       CPU 0.11-0.15 ms
// A cast runs only the layer's statements, so Prisma never starts; a cast that closes the poll
// (finalizePoll: decisions, jobs, adoption effects) brings Prisma in, on the same connection, inside
// the same BEGIN … COMMIT, so a state change and its outbox rows still commit together.
//
// How Prisma joins: its adapter takes a connection from the pool when its transaction starts
// (`pool.connect()`); `TransactionPool.connect` hands it the store transaction's connection instead,
// found through an AsyncLocalStorage that the store sets around `prisma.$transaction`, and the store
// checks that the connection was taken before any Prisma query runs. Prisma's BEGIN, COMMIT and
// ROLLBACK on that connection are dropped, since the store begins and ends the transaction itself.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { Store, Tx } from "../../../core/store.ts";
import type { Db, StorePrisma } from "../db.ts";
import { retryOnConflict, type RetryOptions } from "../errors.ts";
import { repositories, type StoreLayer } from "../transaction.ts";
import { OUTSIDE_TRANSACTION, postgresStatements, type Open, type PostgresStatements } from "./statements.ts";

/** A store transaction's connection, offered to the one Prisma transaction that joins it. */
class Offer {
  taken = false;
  constructor(readonly connection: pg.PoolClient) {}
}

const offers = new AsyncLocalStorage<Offer>();

const TRANSACTION_CONTROL = new Set(["BEGIN", "COMMIT", "ROLLBACK"]);
const NOTHING_DONE = { command: "", rowCount: 0, oid: 0, rows: [], fields: [] };

/** The connection as Prisma sees it when it joins: the store owns the transaction and the connection. */
function joined(connection: pg.PoolClient): pg.PoolClient {
  const query = (config: unknown, ...rest: unknown[]) => {
    const text = typeof config === "string" ? config : (config as { text?: string } | null)?.text;
    if (text && TRANSACTION_CONTROL.has(text.trim().toUpperCase())) return Promise.resolve(NOTHING_DONE);
    return (connection.query as (...args: unknown[]) => unknown)(config, ...rest);
  };
  return Object.assign(Object.create(connection) as pg.PoolClient, {
    query,
    release: () => undefined,
    on: connection.on.bind(connection),
    removeListener: connection.removeListener.bind(connection),
  });
}

/** The pool that Prisma's adapter runs on; see the top of this file. */
export class TransactionPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    const offer = offers.getStore();
    if (offer && !offer.taken) {
      offer.taken = true;
      return Promise.resolve(joined(offer.connection));
    }
    return super.connect();
  }

  /** A connection of the pool's own, never an offered one: for the store's transactions. */
  own(): Promise<pg.PoolClient> {
    return super.connect();
  }
}

/** Waiting for a pool connection in a storm of votes can take a while; like SQLite's, it must not fail. */
const PRISMA_TRANSACTION = { maxWait: 60_000, timeout: 60_000 };

type Settle = { commit(): void; rollback(error: unknown): void };

/**
 * Prisma's transaction client on `connection`, started on first use: a client whose every model method
 * and `$` method waits for Prisma to join, then runs there. Repositories are written against `Db`; they
 * do not know whether Prisma has started.
 */
function lazyPrisma(prisma: StorePrisma, connection: pg.PoolClient, transaction: Open) {
  let started: Promise<Db> | undefined;
  let settle: Settle | undefined;
  let finished: Promise<unknown> = Promise.resolve();
  const start = () => {
    if (!transaction.open) return Promise.reject(new Error(OUTSIDE_TRANSACTION));
    return (started ??= new Promise<Db>((resolve, reject) => {
      const offer = new Offer(connection);
      finished = offers.run(offer, () =>
        prisma.$transaction((db) => {
          // A transaction on any other connection would commit apart from the store's; never run it.
          if (!offer.taken) return Promise.reject(new Error("Prisma's transaction did not join the store's PostgreSQL connection"));
          resolve(db);
          return new Promise<void>((commit, rollback) => {
            settle = { commit: () => commit(), rollback };
          });
        }, PRISMA_TRANSACTION),
      );
      finished.catch(reject);
    }));
  };
  const call =
    (path: string[]) =>
    (...args: unknown[]) =>
      start().then((db) => {
        const owner = path.length === 2 ? (db as unknown as Record<string, Record<string, unknown>>)[path[0]!]! : (db as unknown as Record<string, unknown>);
        return (owner[path[path.length - 1]!] as (...a: unknown[]) => unknown).apply(owner, args);
      });
  // db.$queryRaw`…` and db.poll.findMany(…): one level for `$` methods, two for models' methods.
  const db = new Proxy({} as Db, {
    get: (_, name) => {
      if (typeof name !== "string") return undefined;
      if (name.startsWith("$")) return call([name]);
      return new Proxy({}, { get: (__, method) => (typeof method === "string" ? call([name, method]) : undefined) });
    },
  });
  return {
    db,
    /** Lets Prisma's transaction end (its COMMIT or ROLLBACK is dropped) and waits until it has. */
    async end(error?: unknown) {
      if (!started) return;
      if (error === undefined) settle?.commit();
      else settle?.rollback(error);
      await finished;
    },
  };
}

export interface PostgresStoreOptions {
  /** Runs a transaction when it may start (refusing nested ones, see nesting.ts). */
  inTurn: <T>(work: () => Promise<T>) => Promise<T>;
  retry?: RetryOptions;
}

/** The Store on `pool` (the pool Prisma runs on), with `layer(statements)` over the portable repositories. */
export function postgresStore(pool: TransactionPool, prisma: StorePrisma, layer: (sql: PostgresStatements) => StoreLayer, options: PostgresStoreOptions): Store {
  const once = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const connection = await pool.own();
    const transaction = { open: true };
    const lazy = lazyPrisma(prisma, connection, transaction);
    let result: T;
    try {
      await connection.query("BEGIN");
      const added = layer(postgresStatements(connection, transaction));
      await added.begin(lazy.db);
      result = await work(repositories(lazy.db, added));
      transaction.open = false;
      await lazy.end();
      await connection.query("COMMIT");
    } catch (error) {
      transaction.open = false;
      await lazy.end(error).catch(() => undefined);
      // A connection that cannot even roll back is broken: the pool drops it instead of reusing it.
      const broken = await connection.query("ROLLBACK").then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      connection.release(broken);
      throw error;
    }
    connection.release();
    return result;
  };
  return { transaction: (work) => retryOnConflict(() => options.inTurn(() => once(work)), options.retry) };
}
