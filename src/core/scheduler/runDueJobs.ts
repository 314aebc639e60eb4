import type { Deps } from "../deps.ts";
import type { ScheduledJob } from "./job.ts";
import type { JobHandler } from "./jobHandler.ts";
import { jobHandlers } from "./jobHandlers.ts";

const PHASE_ORDER = { reminder: 0, closing: 1, announcement: 2 } as const;

function handlerFor(kind: string, handlers: readonly JobHandler[]): JobHandler {
  const handler = handlers.find((h) => h.kind === kind);
  if (!handler) throw new Error(`no handler for scheduled job kind ${kind}`);
  return handler;
}

/** Due jobs in the order they fall due; at one instant, reminders before closings before announcements. */
export function byDueOrder(handlers: readonly JobHandler[] = jobHandlers) {
  const phase = (j: ScheduledJob) => PHASE_ORDER[handlerFor(j.kind, handlers).phase];
  return (a: ScheduledJob, b: ScheduledJob): number => a.dueAt.getTime() - b.dueAt.getTime() || phase(a) - phase(b) || a.id - b.id;
}

/**
 * Runs every job due at `now`. Each job is claimed and run in one transaction, so its effects and its
 * completion commit together: another worker, or a restart, can never run it a second time.
 */
export async function runDueJobs(deps: Deps, worker: string, now: Date = deps.clock.now(), batch = 100): Promise<number> {
  let ran = 0;
  for (;;) {
    const due = (await deps.store.transaction((tx) => tx.jobs.dueBefore(now, batch))).sort(byDueOrder());
    if (due.length === 0) return ran;
    for (const job of due) {
      const claimed = await deps.store.transaction(async (tx) => {
        if (!(await tx.jobs.claim(job.id, worker, now))) return false;
        await handlerFor(job.kind, jobHandlers).run(tx, job, now);
        return true;
      });
      if (claimed) ran++;
    }
    if (due.length < batch) return ran;
  }
}

/** When the next job falls due, so a simulated clock can stop there on its way forward. */
export async function nextDueAt(deps: Deps): Promise<Date | null> {
  return (await deps.store.transaction((tx) => tx.jobs.nextDue()))?.dueAt ?? null;
}
