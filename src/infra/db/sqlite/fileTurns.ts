// Transactions on one SQLite file from one process take turns here, asynchronously; and so do the
// commands of the chat adapters (`CommandTurns`).
//
// Why: better-sqlite3 is synchronous. With two connections to one file in one process, a transaction
// waiting for the other connection's write lock waits inside SQLite's busy handler, which blocks the
// event loop; the holder can then never commit, and the waiter fails after the busy timeout. Waiting
// here instead lets the holder finish. Other processes still queue in SQLite's busy handler, which is
// fine, since their waiting does not block this process.
import { AsyncLocalStorage } from "node:async_hooks";
import { turnOfTheEventLoop, type DatabaseTurns } from "../turns.ts";

const tails = new Map<string, Promise<unknown>>();
/** The turn the current code runs in, so that a transaction started inside another can be refused. */
const currentTurn = new AsyncLocalStorage<{ path: string; open: boolean }>();

export class NestedTransactionError extends Error {}

export function inTurnOn<T>(path: string, work: () => Promise<T>): Promise<T> {
  const outer = currentTurn.getStore();
  // It would wait for the turn it runs in, forever; fail at once and say where to look instead.
  if (outer?.open && outer.path === path) {
    return Promise.reject(new NestedTransactionError("a transaction was started inside another on the same database; pass the open transaction's repositories down instead"));
  }
  const previous = tails.get(path) ?? Promise.resolve();
  const result = previous.then(() => {
    const turn = { path, open: true };
    return currentTurn.run(turn, work).finally(() => {
      turn.open = false;
    });
  });
  const tail = result.catch(() => undefined);
  tails.set(path, tail);
  void tail.then(() => {
    if (tails.get(path) === tail) tails.delete(path);
  });
  return result;
}

/**
 * The adapters' commands, one at a time, after the acknowledgements on their way to the platform.
 *
 * Why: better-sqlite3 is synchronous and Prisma's transactions on it resolve as promise callbacks, so
 * a backlog of commands ran back to back without letting Node read a socket or fire a timer. In a
 * storm of votes that starved the Discord gateway and the acknowledgements for seconds (measured: 200
 * button presses took 5 s just to be read, and were acknowledged after 10 s). So each command starts
 * after a turn of the event loop, and while acknowledgements are in flight it is held back (for a
 * bounded time), since a late acknowledgement loses the interaction while a late vote only arrives a
 * little later. SQLite writes one transaction at a time anyway, so running commands in order costs no
 * throughput (and keeps each person's commands in order), and the count from arrival tells how long
 * a new command waits. These were queues in the Discord and Slack adapters; the need is SQLite's, so
 * they are made here, one per adapter as before (Slack's commands, acknowledged once recorded, must not
 * wait behind Discord's deferrals: with one queue for both, test/adapters/crossPlatform.test.ts's
 * simultaneous presses missed Slack's 3 s), and PostgreSQL takes none (turns.ts).
 *
 * Whole commands take turns, not transactions: with a turn per transaction (tried, 6c6b15f), a
 * command's several transactions (its group, then its use case, then the outbox's) interleaved with
 * everyone else's, deferrals were decided on the transactions already waiting rather than the commands
 * arrived, and the Discord storm's acknowledgement p99 went from 1.8-2.1 s to 3.1-4.4 s.
 */
export class CommandTurns implements DatabaseTurns {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  /** Until when commands run without waiting, after a hold that ran its full time. */
  private freeUntil = 0;

  /**
   * @param ackPriorityMs How long a command may be held back while acknowledgements are in flight:
   *   Discord's own window.
   * @param freeAfterHoldMs After a hold that ran its full time (acknowledgements kept arriving), how
   *   long commands run without holding, so that a steady stream of interactions cannot slow the votes
   *   to one per hold.
   */
  constructor(
    private readonly ackPriorityMs = 3000,
    private readonly freeAfterHoldMs = 1000,
  ) {}

  get length(): number {
    return this.queued;
  }

  readonly sideBySide = false;

  acknowledging<T>(acknowledgement: Promise<T>): Promise<T> {
    this.inFlight++;
    const settle = () => {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    };
    acknowledgement.then(settle, settle);
    return acknowledgement;
  }

  /** One queue for everyone keeps each person's commands in order too, so `key` is not needed here. */
  run<T>(_key: string, work: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(turnOfTheEventLoop).then(() => this.afterAcknowledgements()).then(work);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    void done.then(() => this.queued--);
    this.tail = done;
    return result;
  }

  /** Resolves once no acknowledgement is in flight, or after `ackPriorityMs` at most. */
  afterAcknowledgements(): Promise<void> {
    if (this.inFlight === 0 || Date.now() < this.freeUntil) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        this.freeUntil = Date.now() + this.freeAfterHoldMs;
        resolve();
      }, this.ackPriorityMs);
      this.waiters.push(wake);
    });
  }
}
