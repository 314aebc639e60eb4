// Commands run one at a time, after the acknowledgements that are on their way to Discord.
//
// Why: better-sqlite3 is synchronous and Prisma's transactions on it resolve as promise callbacks,
// so a backlog of queued transactions ran back to back without letting Node read a socket or fire a
// timer. In a storm of votes that starved the gateway and the acknowledgements for seconds (measured:
// 200 button presses took 5 s just to be read, and were acknowledged after 10 s). So the queue gives
// the event loop a turn before each command, and while acknowledgements are in flight it holds the
// database work back (for a bounded time), since a late acknowledgement loses the interaction while
// a late vote only arrives a little later. SQLite writes one transaction at a time anyway, so running
// commands in order costs no throughput, and the queue's length tells how long a new command waits.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class CommandQueue {
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

  /** Commands waiting or running. */
  get length(): number {
    return this.queued;
  }

  /** Registers an acknowledgement on its way to Discord; commands wait for it. */
  acknowledging<T>(acknowledgement: Promise<T>): Promise<T> {
    this.inFlight++;
    const settle = () => {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    };
    acknowledgement.then(settle, settle);
    return acknowledgement;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(nextTurn).then(() => this.afterAcknowledgements()).then(work);
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
