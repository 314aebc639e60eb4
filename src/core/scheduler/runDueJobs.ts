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
  const phase = (j: ScheduledJob) => PHASE_ORDER[handlerFor(j.kind).phase];
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

/**
 * Runs every job due at `now`, oldest first. Each job is claimed and run in one transaction, so another
 * worker, or a restart, can never run it a second time.
 */
export async function runDueJobs(deps: Deps, worker: string, now: Date = deps.clock.now(), batch = 100): Promise<number> {
  let ran = 0;
  const foldHours = new Map<number, number>();
  const isStale = async (job: ScheduledJob) => {
    const handler = handlerFor(job.kind);
    if (handler.phase !== "reminder" || !handler.summarize) return false;
    if (!foldHours.has(job.groupId)) foldHours.set(job.groupId, (await deps.store.transaction((tx) => tx.groups.byId(job.groupId)))?.catchUpFoldHours ?? Infinity);
    return now.getTime() - job.dueAt.getTime() > foldHours.get(job.groupId)! * HOUR;
  };
  for (;;) {
    const due = (await deps.store.transaction((tx) => tx.jobs.dueBefore(now, batch))).sort(byDueOrder);
    if (due.length === 0) return ran;
    const stale = new Map<number, ScheduledJob[]>();
    for (const job of due) {
      if (await isStale(job)) stale.set(job.groupId, [...(stale.get(job.groupId) ?? []), job]);
    }
    for (const job of due) {
      if (stale.get(job.groupId)?.includes(job)) continue;
      if (await runClaimed(deps, job, worker, now)) ran++;
    }
    // Folded last, so the summary tells where things stand after the overdue closings ran.
    for (const [groupId, jobs] of stale) ran += await foldStaleReminders(deps, groupId, jobs, worker, now);
    if (due.length < batch) return ran;
  }
}

/** When the next job falls due, so a simulated clock can stop there on its way forward. */
export async function nextDueAt(deps: Deps): Promise<Date | null> {
  return (await deps.store.transaction((tx) => tx.jobs.nextDue()))?.dueAt ?? null;
}
