// Transactions on one SQLite file from one process take turns here, asynchronously.
//
// Why: better-sqlite3 is synchronous. With two connections to one file in one process, a transaction
// waiting for the other connection's write lock waits inside SQLite's busy handler, which blocks the
// event loop; the holder can then never commit, and the waiter fails after the busy timeout. Waiting
// here instead lets the holder finish. Other processes still queue in SQLite's busy handler, which is
// fine, since their waiting does not block this process.
import { AsyncLocalStorage } from "node:async_hooks";

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
