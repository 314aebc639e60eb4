// The chair's and the mandate's alerts are counted in the group's months and fall at 09:00 in its zone;
// the meetings' reminders and alerts are counted in the group's days and months and fall at 09:00 in
// each meeting's own zone. When a setting changes, the pending jobs it governs move (cancelled, then
// scheduled again under the same dedupe keys); the alerts already sent stay sent.
import { rescheduleChairAlerts } from "../chair/chairJobs.ts";
import { replaceMandateAlerts } from "../mandate/mandateAlerts.ts";
import { rescheduleMeetingJobs } from "../meetings/rescheduleMeetingJobs.ts";
import type { Tx } from "../store.ts";
import type { Group } from "./group.ts";

export interface AlertsToReschedule {
  chair: boolean;
  mandate: boolean;
  /** Meetings keep their own zone, so only a change of their offsets moves these. */
  meetingReminders?: boolean;
  minutes?: boolean;
  annual?: boolean;
}

export async function rescheduleGroupAlerts(tx: Tx, group: Group, now: Date, which: AlertsToReschedule): Promise<void> {
  if (which.chair) await rescheduleChairAlerts(tx, group, now);
  if (which.mandate && group.mandateEndsOn !== null) {
    const replaced = await replaceMandateAlerts(tx, group, group.mandateEndsOn, now);
    if (!replaced.ok) throw new Error(`group ${group.id} holds a mandate end that is not a date: ${group.mandateEndsOn}`);
  }
  await rescheduleMeetingJobs(tx, group, now, { reminders: which.meetingReminders ?? false, minutes: which.minutes ?? false, annual: which.annual ?? false });
}
