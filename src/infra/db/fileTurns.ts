// Transactions on one SQLite file from one process take turns here, asynchronously.
//
// Why: better-sqlite3 is synchronous. With two connections to one file in one process, a transaction
// waiting for the other connection's write lock waits inside SQLite's busy handler, which blocks the
// event loop; the holder can then never commit, and the waiter fails after the busy timeout. Waiting
// here instead lets the holder finish. Other processes still queue in SQLite's busy handler, which is
// fine, since their waiting does not block this process.
const tails = new Map<string, Promise<unknown>>();

export function inTurnOn<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(path) ?? Promise.resolve();
  const result = previous.then(() => work());
  const tail = result.catch(() => undefined);
  tails.set(path, tail);
  void tail.then(() => {
    if (tails.get(path) === tail) tails.delete(path);
  });
  return result;
}
