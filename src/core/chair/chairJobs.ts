// The chair's term schedules two alerts to the Secretariat, counted in months from the first day in
// office at 09:00 in the group's zone: begin the succession, then the term is overdue. A handover
// cancels those of the term it ends.
import { localMoment } from "../shared/localTime.ts";
import type { Group } from "../setup/group.ts";
import { scheduledTime } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";
import type { ChairTerm } from "./chairTerm.ts";

export const CHAIR_SUCCESSION = "chair.succession";
export const CHAIR_OVERDUE = "chair.overdue";

export const chairJobPrefix = (groupId: number): string => `chair:${groupId}:`;

/** The succession reminder and the overdue alert, in months into the term (the group's first two offsets, earliest first). */
export function chairAlertOffsets(group: Pick<Group, "chairAlertMonths">): { succession: number; overdue: number } {
  const [succession = 12, overdue = 18] = [...group.chairAlertMonths].sort((a, b) => a - b);
  return { succession, overdue };
}

/**
 * @param wasPending When moving alerts: the keys that were pending. One of those whose new time has
 *   already passed goes out now rather than never (a zone moved east, an offset shortened).
 */
export async function scheduleChairAlerts(tx: Tx, term: ChairTerm, group: Group, now: Date, wasPending?: Set<string>): Promise<{ kind: string; months: number; dueAt: Date }[]> {
  const { succession, overdue } = chairAlertOffsets(group);
  const scheduled: { kind: string; months: number; dueAt: Date }[] = [];
  for (const [kind, months] of [
    [CHAIR_SUCCESSION, succession],
    [CHAIR_OVERDUE, overdue],
  ] as const) {
    const dedupeKey = `${chairJobPrefix(group.id)}term:${term.id}:${kind}`;
    // A term recorded late may already be past an alert; /chair status says so instead.
    const dueAt = scheduledTime(localMoment(term.startsOn, group.timezone, { months }), now, wasPending?.has(dedupeKey) ?? false);
    if (!dueAt) continue;
    await tx.jobs.schedule({ groupId: group.id, kind, dueAt, payload: { termId: term.id, months }, dedupeKey });
    scheduled.push({ kind, months, dueAt });
  }
  return scheduled;
}

export const cancelChairAlerts = (tx: Tx, groupId: number): Promise<number> => tx.jobs.cancelPending(chairJobPrefix(groupId));

/**
 * Moves the current term's pending alerts to the group's present offsets and zone (after /setup
 * reminders or /setup timezone). They keep their dedupe keys, so an alert already sent is not sent again.
 */
export async function rescheduleChairAlerts(tx: Tx, group: Group, now: Date): Promise<void> {
  const term = await tx.chairTerms.current(group.id);
  const wasPending = new Set(await tx.jobs.pendingKeys(chairJobPrefix(group.id)));
  await cancelChairAlerts(tx, group.id);
  if (term) await scheduleChairAlerts(tx, term, group, now, wasPending);
}
