// How adapters keep their platform's acknowledgements ahead of the database's work, whatever the
// database. Each store says how busy it is and holds its work back for I/O that must not wait, where
// its work would otherwise delay that I/O: SQLite's driver is synchronous (sqlite/fileTurns.ts);
// PostgreSQL's is not, so its work never holds the event loop and it needs none of this.
import type { Pool } from "pg";

export interface DatabaseTurns {
  /**
   * Transactions waiting for the database (or running), which a new command would wait behind: what
   * an adapter reads to acknowledge at once rather than risk its platform's window.
   */
  readonly waiting: number;
  /**
   * Registers I/O that must not wait behind the database (an acknowledgement on its way): database
   * work holds back until it has settled, for a bounded time. Returns `urgent`.
   */
  giveWayTo<T>(urgent: Promise<T>): Promise<T>;
  /** Resolves when the database's next piece of work would start: after the urgent I/O in flight. */
  afterUrgent(): Promise<void>;
}

/** PostgreSQL: queries are I/O, so nothing needs to wait; what waits is a transaction for a pooled connection. */
export function pooledTurns(pool: Pick<Pool, "waitingCount">): DatabaseTurns {
  return {
    get waiting() {
      return pool.waitingCount;
    },
    giveWayTo: (urgent) => urgent,
    afterUrgent: () => Promise.resolve(),
  };
}
