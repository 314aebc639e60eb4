import type { Deps } from "../deps.ts";
import { finalizePoll } from "../polls/finalizePoll.ts";
import { currentTally } from "../polls/loadPoll.ts";
import { remindPending } from "../polls/remindPoll.ts";
import { outcomeOf } from "../polls/rules.ts";
import type { Tx } from "../store.ts";
import { JOB_KINDS, type JobKind, type ScheduledJob } from "./job.ts";

type JobHandler = (tx: Tx, job: ScheduledJob, now: Date) => Promise<void>;

async function pollOf(tx: Tx, job: ScheduledJob) {
  const poll = await tx.polls.byId(Number(job.payload["pollId"]));
  return poll && poll.status === "open" ? poll : null;
}

const handlers: Record<JobKind, JobHandler> = {
  "poll.remind": async (tx, job, now) => {
    const poll = await pollOf(tx, job);
    if (poll) await remindPending(tx, poll, `job:${job.id}`, now);
  },
  "poll.close": async (tx, job, now) => {
    const poll = await pollOf(tx, job);
    if (!poll) return;
    const t = await currentTally(tx, poll);
    await finalizePoll(tx, poll, outcomeOf(poll.procedure, t), t, poll.closesAt < now ? poll.closesAt : now, null, "deadline");
  },
};

const kindOrder = (kind: JobKind) => JOB_KINDS.indexOf(kind);

/** Due jobs in the order they fall due; at one instant, reminders before closings before announcements. */
export function byDueOrder(a: ScheduledJob, b: ScheduledJob): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || kindOrder(a.kind) - kindOrder(b.kind) || a.id - b.id;
}

/**
 * Runs every job due at `now`. Each job is claimed and run in one transaction, so its effects and its
 * completion commit together: another worker, or a restart, can never run it a second time.
 */
export async function runDueJobs(deps: Deps, worker: string, now: Date = deps.clock.now(), batch = 100): Promise<number> {
  let ran = 0;
  for (;;) {
    const due = (await deps.store.transaction((tx) => tx.jobs.dueBefore(now, batch))).sort(byDueOrder);
    if (due.length === 0) return ran;
    for (const job of due) {
      const claimed = await deps.store.transaction(async (tx) => {
        if (!(await tx.jobs.claim(job.id, worker, now))) return false;
        await handlers[job.kind](tx, job, now);
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
