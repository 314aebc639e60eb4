// The group's mandate ends on a date (ToR VII: extended until 31 December 2030). The Secretariat and
// the chair are alerted at the group's offsets in months before that day, at 09:00 in the group's
// zone, so that an extension can be decided by consensus in time. A new end date replaces the alerts.
import { isCalendarDate } from "../shared/calendarDate.ts";
import { localMoment } from "../shared/localTime.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group } from "../setup/group.ts";
import { scheduledTime } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";

export const MANDATE_ALERT = "mandate.alert";
export const mandateAlertPrefix = (groupId: number): string => `mandate:${groupId}:`;

/**
 * Cancels the alerts of any earlier end date and schedules those still ahead; refuses a date that is not
 * one. When the same end date's alerts are moved (new offsets or zone), one that was pending and whose
 * new time has already passed goes out now rather than never.
 */
export async function replaceMandateAlerts(tx: Tx, group: Group, endsOn: string, now: Date): Promise<Result<{ months: number; dueAt: Date }[]>> {
  if (!isCalendarDate(endsOn)) return refuse({ reason: "invalid_date", option: "ends", value: endsOn });
  const wasPending = new Set(await tx.jobs.pendingKeys(mandateAlertPrefix(group.id)));
  await tx.jobs.cancelPending(mandateAlertPrefix(group.id));
  const scheduled: { months: number; dueAt: Date }[] = [];
  for (const months of [...group.mandateAlertMonths].sort((a, b) => b - a)) {
    const dedupeKey = `${mandateAlertPrefix(group.id)}${endsOn}:${months}m`;
    const dueAt = scheduledTime(localMoment(endsOn, group.timezone, { months: -months }), now, wasPending.has(dedupeKey));
    if (!dueAt) continue;
    await tx.jobs.schedule({ groupId: group.id, kind: MANDATE_ALERT, dueAt, payload: { endsOn, months }, dedupeKey });
    scheduled.push({ months, dueAt });
  }
  return ok(scheduled);
}
