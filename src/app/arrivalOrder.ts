// One person's commands run in the order they arrived, on every database: a delegate who clicks
// "concur" and then "object" must end on "object", even when the first click had to wait for its
// acknowledgement (a deferral over the network) and the second did not. Different people's commands
// run side by side; on SQLite the store runs their transactions one at a time anyway
// (src/infra/db/sqlite/fileTurns.ts), on PostgreSQL on its pool.
export class ArrivalOrder {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every piece of work given earlier for `key` has finished. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
