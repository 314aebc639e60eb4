// The Store as the platforms' process uses it: each transaction timed, the request id of the command
// being served written on the outbox rows it queues (so that their delivery can be traced to it), and
// the lateness of each scheduled job measured when the transaction that ran it commits. It wraps any
// Store (SQLite or PostgreSQL) and changes nothing of what a transaction does.
import type { Outbox, OutboxQueue } from "../../core/outbox/message.ts";
import type { JobRepository } from "../../core/scheduler/job.ts";
import type { Store, Tx } from "../../core/store.ts";
import type { Metrics } from "../metrics.ts";
import { currentRequestId } from "../requestContext.ts";

/** The outbox message's data field that carries the request id. */
export const REQUEST_ID_FIELD = "requestId";

/** Due times of jobs listed as due, until they are claimed (bounded: a listed job may never be claimed here). */
class DueTimes {
  readonly #byId = new Map<number, number>();
  remember(id: number, dueAt: Date) {
    if (this.#byId.size > 10_000) this.#byId.clear();
    this.#byId.set(id, dueAt.getTime());
  }
  take(id: number): number | undefined {
    const at = this.#byId.get(id);
    this.#byId.delete(id);
    return at;
  }
}

export function instrumentedStore(store: Store, metrics: Metrics, now: () => Date): Store {
  const dueTimes = new DueTimes();
  return {
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      const start = performance.now();
      const ran: number[] = [];
      try {
        const result = await store.transaction((tx) => {
          // A transaction retried after a conflict runs `work` again: only the attempt that commits counts.
          ran.length = 0;
          return work(instrumentedTx(tx, dueTimes, ran));
        });
        for (const dueAt of ran) metrics.jobRan((now().getTime() - dueAt) / 1000);
        return result;
      } finally {
        metrics.transaction((performance.now() - start) / 1000);
      }
    },
  };
}

function instrumentedTx(tx: Tx, dueTimes: DueTimes, ran: number[]): Tx {
  let outbox: (Outbox & OutboxQueue) | undefined;
  let jobs: JobRepository | undefined;
  // Only these two are wrapped; the rest is the transaction's own (read with it as receiver, since its
  // repositories are made on first use from private fields).
  return new Proxy(tx, {
    get(target, property) {
      if (property === "outbox") return (outbox ??= taggedOutbox(target.outbox));
      if (property === "jobs") return (jobs ??= timedJobs(target.jobs, dueTimes, ran));
      return Reflect.get(target, property, target);
    },
  });
}

function taggedOutbox(inner: Outbox & OutboxQueue): Outbox & OutboxQueue {
  const enqueue: Outbox["enqueue"] = (message, at) => {
    const requestId = currentRequestId();
    return inner.enqueue(requestId ? { ...message, data: { ...message.data, [REQUEST_ID_FIELD]: requestId } } : message, at);
  };
  return new Proxy(inner, { get: (target, property) => (property === "enqueue" ? enqueue : Reflect.get(target, property, target)) });
}

function timedJobs(inner: JobRepository, dueTimes: DueTimes, ran: number[]): JobRepository {
  return {
    ...inner,
    dueBefore: async (at, limit) => {
      const jobs = await inner.dueBefore(at, limit);
      for (const job of jobs) dueTimes.remember(job.id, job.dueAt);
      return jobs;
    },
    claim: async (id, worker, at) => {
      const claimed = await inner.claim(id, worker, at);
      const dueAt = dueTimes.take(id);
      if (claimed && dueAt !== undefined) ran.push(dueAt);
      return claimed;
    },
  };
}
