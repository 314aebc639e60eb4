import type { Deps } from "../deps.ts";
import { CHANNEL_PURPOSES, type ChannelPurpose } from "../setup/group.ts";
import type { Tx } from "../store.ts";
import type { ScheduledJob } from "./job.ts";
import type { JobHandler } from "./jobHandler.ts";
import { jobHandlers } from "./jobHandlers.ts";

const PHASE_ORDER = { reminder: 0, closing: 1, announcement: 2 } as const;
const HOUR = 3_600_000;

function handlerFor(kind: string): JobHandler {
  const handler = jobHandlers.find((h) => h.kind === kind);
  if (!handler) throw new Error(`no handler for scheduled job kind ${kind}`);
  return handler;
}

/** Due jobs in the order they fall due; at one instant, reminders before closings before announcements. */
export function byDueOrder(a: ScheduledJob, b: ScheduledJob): number {
  // A kind without a handler sorts with the closings; running it fails on its own (see runDueJobs).
  const phase = (j: ScheduledJob) => PHASE_ORDER[jobHandlers.find((h) => h.kind === j.kind)?.phase ?? "closing"];
  return a.dueAt.getTime() - b.dueAt.getTime() || phase(a) - phase(b) || a.id - b.id;
}

/** Runs one job in the transaction that claims it: its effects and its completion commit together. */
async function runClaimed(deps: Deps, job: ScheduledJob, worker: string, now: Date): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.jobs.claim(job.id, worker, now))) return false;
    await handlerFor(job.kind).run(tx, job, now);
    return true;
  });
}

/**
 * After downtime, reminders overdue by more than the group's threshold would arrive as a flood of
 * stale news. They are claimed together and folded into one summary per channel they were meant for:
 * the Secretariat's alerts in its channel, the delegations' reminders in announcements.
 */
async function foldStaleReminders(deps: Deps, groupId: number, jobs: ScheduledJob[], worker: string, now: Date): Promise<number> {
  return deps.store.transaction(async (tx: Tx) => {
    const folded = new Map<ChannelPurpose, { claimed: number; lines: string[] }>();
    let claimed = 0;
    for (const job of jobs) {
      if (!(await tx.jobs.claim(job.id, worker, now))) continue;
      claimed++;
      const handler = handlerFor(job.kind);
      const purpose = handler.summaryFor ?? "announcements";
      const summary = folded.get(purpose) ?? { claimed: 0, lines: [] };
      folded.set(purpose, summary);
      summary.claimed++;
      const line = await handler.summarize?.(tx, job);
      if (line && !summary.lines.includes(line)) summary.lines.push(line);
    }
    for (const purpose of CHANNEL_PURPOSES) {
      const summary = folded.get(purpose);
      if (!summary || summary.lines.length === 0) continue;
      const count = summary.claimed;
      await tx.outbox.enqueue(
        {
          groupId,
          idempotencyKey: `catch-up:${groupId}:${jobs[0]!.id}:${jobs.length}${purpose === "announcements" ? "" : `:${purpose}`}`,
          audience: { kind: "channel", purpose },
          text: `While I was offline, ${count} reminder${count === 1 ? "" : "s"} fell due. Where things stand:\n${summary.lines.map((l) => `• ${l}`).join("\n")}`,
          data: { event: "catch-up", folded: count },
        },
        now,
      );
    }
    return claimed;
  });
}

/** Jobs that threw: each stays pending (its transaction rolled back) and is tried again at the next run. */
export class ScheduledJobsFailed extends AggregateError {}

/**
 * Runs every job due at `now`, oldest first. Each job is claimed and run in one transaction, so another
 * worker, or a restart, can never run it a second time. A job that throws does not hold the others up:
 * they run, and the failures are thrown together at the end.
 */
export async function runDueJobs(deps: Deps, worker: string, now: Date = deps.clock.now(), batch = 100): Promise<number> {
  const failures = new Map<number, unknown>();
  const ran = await runDueJobsCollectingFailures(deps, worker, now, batch, failures);
  if (failures.size > 0) {
    throw new ScheduledJobsFailed([...failures.values()], `${failures.size} scheduled job(s) failed and stay pending (ids ${[...failures.keys()].join(", ")}); the others ran`);
  }
  return ran;
}

async function runDueJobsCollectingFailures(deps: Deps, worker: string, now: Date, batch: number, failures: Map<number, unknown>): Promise<number> {
  let ran = 0;
  const foldHours = new Map<number, number>();
  const isStale = async (job: ScheduledJob) => {
    const handler = jobHandlers.find((h) => h.kind === job.kind);
    if (handler?.phase !== "reminder" || !handler.summarize) return false;
    if (!foldHours.has(job.groupId)) foldHours.set(job.groupId, (await deps.store.transaction((tx) => tx.groups.byId(job.groupId)))?.catchUpFoldHours ?? Infinity);
    return now.getTime() - job.dueAt.getTime() > foldHours.get(job.groupId)! * HOUR;
  };
  for (;;) {
    // Jobs that failed in this run are still pending and come back first: fetch past them.
    const limit = batch + failures.size;
    const fetched = await deps.store.transaction((tx) => tx.jobs.dueBefore(now, limit));
    const due = fetched.filter((job) => !failures.has(job.id)).sort(byDueOrder);
    if (due.length === 0) return ran;
    const stale = new Map<number, ScheduledJob[]>();
    for (const job of due) {
      if (await isStale(job)) stale.set(job.groupId, [...(stale.get(job.groupId) ?? []), job]);
    }
    for (const job of due) {
      if (stale.get(job.groupId)?.includes(job)) continue;
      try {
        if (await runClaimed(deps, job, worker, now)) ran++;
      } catch (error) {
        failures.set(job.id, new Error(`scheduled job #${job.id} (${job.kind}, due ${job.dueAt.toISOString()}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    }
    // Folded last, so the summary tells where things stand after the overdue closings ran.
    for (const [groupId, jobs] of stale) ran += await foldStaleReminders(deps, groupId, jobs, worker, now);
    if (fetched.length < limit) return ran;
  }
}

/** When the next job falls due, so a simulated clock can stop there on its way forward. */
export async function nextDueAt(deps: Deps): Promise<Date | null> {
  return (await deps.store.transaction((tx) => tx.jobs.nextDue()))?.dueAt ?? null;
}
