// A transaction started inside another is a bug on every database: on SQLite it would wait for its own
// turn forever (sqlite/fileTurns.ts); on PostgreSQL it would run on a second pooled connection, outside
// the first transaction, and wait for the first one's row locks forever. Refused at once instead. Unlike
// SQLite's turns, transactions that are not nested run side by side.
import { AsyncLocalStorage } from "node:async_hooks";
import { NestedTransactionError } from "../sqlite/fileTurns.ts";

const open = new AsyncLocalStorage<{ open: boolean }>();

export function refusingNested<T>(work: () => Promise<T>): Promise<T> {
  if (open.getStore()?.open) {
    return Promise.reject(new NestedTransactionError("a transaction was started inside another on the same database; pass the open transaction's repositories down instead"));
  }
  const state = { open: true };
  return open.run(state, work).finally(() => {
    state.open = false;
  });
}
