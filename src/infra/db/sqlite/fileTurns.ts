// Transactions on one SQLite file from one process take turns here, asynchronously: one at a time, in
// the order they were asked for, each after a turn of the event loop, and behind the I/O that must not
// wait (an acknowledgement on its way to Discord or Slack), for a bounded time.
//
// Why, each time because better-sqlite3 is synchronous and runs on the event loop:
// - With two connections to one file in one process, a transaction waiting for the other connection's
//   write lock waits inside SQLite's busy handler, which blocks the event loop; the holder can then never
//   commit, and the waiter fails after the busy timeout. Waiting here instead lets the holder finish.
//   Other processes still queue in SQLite's busy handler, which is fine, since their waiting does not
//   block this process.
// - Prisma's transactions on it resolve as promise callbacks, so a backlog of transactions ran back to
//   back without letting Node read a socket or fire a timer. In a storm of votes that starved the Discord
//   gateway and the acknowledgements for seconds (measured: 200 button presses took 5 s just to be read,
//   and were acknowledged after 10 s). So each transaction starts after a turn of the event loop
//   (test/integration/eventLoop.test.ts shows the loop stays responsive under a storm).
// - While acknowledgements are in flight the next transaction waits for them (at most `holdMs`), since
//   a late acknowledgement loses the interaction while a late vote only arrives a little later. After a
//   hold that ran its full time, transactions run free for `freeAfterHoldMs`, so that a steady stream
//   of interactions cannot slow the votes to one per hold.
// SQLite writes one transaction at a time anyway, so taking turns costs no throughput. These used to be
// two queues in the Discord and Slack adapters; they are here since the need is SQLite's.
import { AsyncLocalStorage } from "node:async_hooks";
import type { DatabaseTurns } from "../turns.ts";

export class NestedTransactionError extends Error {}

/** Lets pending I/O (a platform's request, awaiting its acknowledgement) be served before going on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The turns of one file. */
export class TransactionTurns implements DatabaseTurns {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private urgent = 0;
  private waiters: (() => void)[] = [];
  /** Until when transactions run without waiting, after a hold that ran its full time. */
  private freeUntil = 0;
  /** The turn the current code runs in, so that a transaction started inside another can be refused. */
  private readonly current = new AsyncLocalStorage<{ open: boolean }>();

  /**
   * @param holdMs How long a transaction may be held back while urgent I/O is in flight: Discord's own
   *   acknowledgement window.
   * @param freeAfterHoldMs After a hold that ran its full time (acknowledgements kept arriving), how
   *   long transactions run without holding.
   */
  constructor(
    private readonly holdMs = 3000,
    private readonly freeAfterHoldMs = 1000,
    private readonly onIdle: () => void = () => undefined,
  ) {}

  /** Transactions waiting or running. */
  get waiting(): number {
    return this.queued;
  }

  get idle(): boolean {
    return this.queued === 0 && this.urgent === 0;
  }

  giveWayTo<T>(urgent: Promise<T>): Promise<T> {
    this.urgent++;
    const settle = () => {
      this.urgent--;
      if (this.urgent === 0) for (const wake of this.waiters.splice(0)) wake();
      if (this.idle) this.onIdle();
    };
    urgent.then(settle, settle);
    return urgent;
  }

  /** Resolves once no urgent I/O is in flight, or after `holdMs` at most. */
  afterUrgent(): Promise<void> {
    if (this.urgent === 0 || Date.now() < this.freeUntil) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        this.freeUntil = Date.now() + this.freeAfterHoldMs;
        resolve();
      }, this.holdMs);
      this.waiters.push(wake);
    });
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    // It would wait for the turn it runs in, forever; fail at once and say where to look instead.
    if (this.current.getStore()?.open) {
      return Promise.reject(new NestedTransactionError("a transaction was started inside another on the same database; pass the open transaction's repositories down instead"));
    }
    this.queued++;
    const result = this.tail
      .then(nextTurn)
      .then(() => this.afterUrgent())
      .then(() => {
        const turn = { open: true };
        return this.current.run(turn, work).finally(() => {
          turn.open = false;
        });
      });
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = done;
    void done.then(() => {
      this.queued--;
      if (this.idle) this.onIdle();
    });
    return result;
  }
}

/** Every file's turns in this process, kept while in use. */
const files = new Map<string, TransactionTurns>();

export function turnsOn(path: string): TransactionTurns {
  let turns = files.get(path);
  if (!turns) {
    const made = new TransactionTurns(undefined, undefined, () => {
      if (files.get(path) === made) files.delete(path);
    });
    files.set(path, made);
    turns = made;
  }
  return turns;
}

/** The turns of a file as adapters see them; the file's queue is looked up afresh, since an idle one is let go. */
export function fileTurns(path: string): DatabaseTurns {
  return {
    get waiting() {
      return files.get(path)?.waiting ?? 0;
    },
    giveWayTo: (urgent) => turnsOn(path).giveWayTo(urgent),
    afterUrgent: () => files.get(path)?.afterUrgent() ?? Promise.resolve(),
  };
}

export function inTurnOn<T>(path: string, work: () => Promise<T>): Promise<T> {
  return turnsOn(path).run(work);
}
