// A change of the meeting offsets (/setup reminders) applies to what is already planned: the pending
// reminders of scheduled meetings, the minutes reminder of meetings held without minutes and the annual
// alerts of the last plenary held move to the new offsets (cancelled, then scheduled again under the
// same dedupe keys). Reminders already sent stay sent, and offsets already past are skipped, as
// /meeting schedule skips them. Meetings not yet scheduled take the offsets of the day they are.
import type { Group } from "../setup/group.ts";
import type { Tx } from "../store.ts";
import type { Meeting } from "./meeting.ts";
import { cancelMeetingReminders, minutesDuePrefix, replaceAnnualAlerts, scheduleMeetingReminders, scheduleMinutesReminder } from "./meetingJobs.ts";
import { localDate } from "./meetingTime.ts";

export interface MeetingOffsetsChanged {
  reminders: boolean;
  minutes: boolean;
  annual: boolean;
}

export async function rescheduleMeetingJobs(tx: Tx, group: Group, now: Date, changed: MeetingOffsetsChanged): Promise<void> {
  if (!changed.reminders && !changed.minutes && !changed.annual) return;
  const meetings = await tx.meetings.list(group.id);
  if (changed.reminders) {
    for (const meeting of meetings.filter((m) => m.status === "scheduled")) {
      await cancelMeetingReminders(tx, meeting.id);
      await scheduleMeetingReminders(tx, meeting, group, now);
    }
  }
  if (changed.minutes) {
    for (const meeting of meetings.filter(wasHeld).filter((m) => m.status === "held")) {
      // Minutes are chased once: a reminder already sent is not followed by another at the new period.
      if ((await tx.jobs.cancelPending(minutesDuePrefix(meeting.id))) === 0) continue;
      await scheduleMinutesReminder(tx, meeting, group, localDate(meeting.heldAt, meeting.timezone), now);
    }
  }
  if (changed.annual) {
    const plenary = lastPlenaryHeld(meetings);
    if (plenary) await replaceAnnualAlerts(tx, plenary, group, now);
  }
}

type HeldMeeting = Meeting & { heldAt: Date };
const wasHeld = (meeting: Meeting): meeting is HeldMeeting => meeting.heldAt !== null;

/** The plenary whose alerts are planned: the one most recently recorded as held (see recordMeetingHeld). */
function lastPlenaryHeld(meetings: Meeting[]): HeldMeeting | null {
  const held = meetings.filter(wasHeld).filter((m) => m.kind === "plenary");
  return held.reduce<HeldMeeting | null>((last, m) => (last === null || m.heldAt.getTime() > last.heldAt.getTime() ? m : last), null);
}
