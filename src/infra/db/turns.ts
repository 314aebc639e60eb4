// How the adapters keep their platforms' acknowledgements ahead of the database's work, whatever the
// database. The need is SQLite's: better-sqlite3 is synchronous, so a burst of commands run side by side
// chains their queries on the event loop and starves the sockets; its store therefore runs commands one
// at a time (sqlite/fileTurns.ts, `CommandTurns`). PostgreSQL's driver is asynchronous: its commands
// run side by side and take no turns (`untakenTurns`).

export interface DatabaseTurns {
  /**
   * Commands given and not finished, counted from their arrival: how long a new command would wait,
   * which an adapter reads to acknowledge at once rather than risk its platform's window.
   */
  readonly length: number;
  /**
   * Whether other writes go on while a command runs (PostgreSQL), so that one can be made to hold an
   * interaction before deferring it (adapters/discord/intake.ts). On SQLite they wait for the command,
   * which is what the deferral covers, so none is made.
   */
  readonly sideBySide: boolean;
  /**
   * Runs a command's database work. `key` is its author: one person's commands run in the order they
   * arrived (a delegate's later click wins), whatever the database.
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Registers an acknowledgement on its way to the platform: database work makes way for it. Returns it. */
  acknowledging<T>(acknowledgement: Promise<T>): Promise<T>;
  /** Resolves when database work may go on: after the acknowledgements in flight (at once where none need wait). */
  afterAcknowledgements(): Promise<void>;
}

/** Lets pending I/O (a platform's request, awaiting its acknowledgement) be served before going on. */
export const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** PostgreSQL: queries are I/O and never hold the event loop, so nothing waits but one person's earlier commands. */
export function untakenTurns(): DatabaseTurns {
  const tails = new Map<string, Promise<unknown>>();
  let running = 0;
  return {
    get length() {
      return running;
    },
    sideBySide: true,
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      running++;
      const result = (tails.get(key) ?? Promise.resolve()).then(work);
      const tail = result.then(
        () => void running--,
        () => void running--,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    acknowledging: (acknowledgement) => acknowledgement,
    afterAcknowledgements: () => Promise.resolve(),
  };
}
