// The jobs a meeting schedules: reminders to delegations before it, the minutes reminder after it,
// and, for a plenary, the alerts of the annual rule. Dedupe keys carry the due time, so that jobs
// rescheduled after a change of dates never revive the old ones.
import type { Group } from "../setup/group.ts";
import type { Tx } from "../store.ts";
import type { Meeting } from "./meeting.ts";
import { reminderTimeOn, shiftDate } from "./meetingTime.ts";

export const MEETING_REMIND = "meeting.remind";
export const MEETING_MINUTES_DUE = "meeting.minutes-due";
export const GROUP_ANNUAL_ALERT = "group.annual-alert";
export const MEETING_OUTCOME_DUE = "meeting.outcome-due";

export const meetingReminderPrefix = (meetingId: number): string => `meeting:${meetingId}:remind:`;
export const minutesDuePrefix = (meetingId: number): string => `meeting:${meetingId}:minutes-due:`;
export const outcomeDuePrefix = (meetingId: number): string => `meeting:${meetingId}:outcome-due:`;
export const annualAlertPrefix = (groupId: number): string => `group:${groupId}:annual-alert:`;

/** The annual rule: the group meets at least once a year, plenary to plenary. */
export const ANNUAL_RULE_MONTHS = 12;

/** When delegations are reminded: at 09:00 in the meeting's zone, each offset of days before its first day. */
export function meetingReminderTimes(meeting: Pick<Meeting, "startsOn" | "timezone">, daysBefore: readonly number[]): { daysBefore: number; dueAt: Date }[] {
  return daysBefore
    .map((days) => ({ daysBefore: days, dueAt: reminderTimeOn(shiftDate(meeting.startsOn, { days: -days }), meeting.timezone) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Schedules the reminders that are still ahead; returns their due times. */
export async function scheduleMeetingReminders(tx: Tx, meeting: Meeting, group: Group, now: Date): Promise<Date[]> {
  const scheduled: Date[] = [];
  for (const { daysBefore, dueAt } of meetingReminderTimes(meeting, group.meetingReminderDays)) {
    if (dueAt.getTime() <= now.getTime()) continue;
    await tx.jobs.schedule({
      groupId: meeting.groupId,
      kind: MEETING_REMIND,
      dueAt,
      payload: { meetingId: meeting.id, daysBefore },
      dedupeKey: `${meetingReminderPrefix(meeting.id)}${daysBefore}d:${dueAt.toISOString()}`,
    });
    scheduled.push(dueAt);
  }
  return scheduled;
}

export async function cancelMeetingReminders(tx: Tx, meetingId: number): Promise<number> {
  return tx.jobs.cancelPending(meetingReminderPrefix(meetingId));
}

/**
 * A meeting whose dates have passed should be recorded as held or cancelled: the Secretariat is asked
 * the day after its last day, 09:00 in its zone. Scheduled when the meeting is created; cancelled when
 * it is held or cancelled (and the handler checks its status again, so a late claim says nothing).
 */
export async function scheduleOutcomePrompt(tx: Tx, meeting: Meeting): Promise<Date> {
  const dueAt = reminderTimeOn(shiftDate(meeting.endsOn, { days: 1 }), meeting.timezone);
  await tx.jobs.schedule({
    groupId: meeting.groupId,
    kind: MEETING_OUTCOME_DUE,
    dueAt,
    payload: { meetingId: meeting.id },
    dedupeKey: `${outcomeDuePrefix(meeting.id)}${dueAt.toISOString()}`,
  });
  return dueAt;
}

export async function cancelOutcomePrompt(tx: Tx, meetingId: number): Promise<number> {
  return tx.jobs.cancelPending(outcomeDuePrefix(meetingId));
}

/**
 * Minutes are due within the group's period after the meeting: counted from its last day, or from the
 * day it was recorded as held if that came later. Never before `notBefore`, when given: minutes already
 * late by a period shortened since are chased then rather than never.
 */
export async function scheduleMinutesReminder(tx: Tx, meeting: Meeting, group: Group, heldOn: string, notBefore?: Date): Promise<Date> {
  const from = heldOn > meeting.endsOn ? heldOn : meeting.endsOn;
  const due = reminderTimeOn(shiftDate(from, { days: group.minutesReminderDays }), meeting.timezone);
  const dueAt = notBefore && notBefore.getTime() > due.getTime() ? notBefore : due;
  await tx.jobs.schedule({
    groupId: meeting.groupId,
    kind: MEETING_MINUTES_DUE,
    dueAt,
    payload: { meetingId: meeting.id, days: group.minutesReminderDays },
    dedupeKey: `${minutesDuePrefix(meeting.id)}${dueAt.toISOString()}`,
  });
  return dueAt;
}

/**
 * The annual rule counts from the last plenary held: its alerts replace those of any earlier plenary.
 * They fall at the group's offsets in months after the plenary's first day, 09:00 in its zone.
 */
export async function replaceAnnualAlerts(tx: Tx, plenary: Meeting, group: Group, now: Date): Promise<Date[]> {
  await tx.jobs.cancelPending(annualAlertPrefix(group.id));
  const scheduled: Date[] = [];
  for (const months of group.annualAlertMonths) {
    const dueAt = reminderTimeOn(shiftDate(plenary.startsOn, { months }), plenary.timezone);
    if (dueAt.getTime() <= now.getTime()) continue;
    await tx.jobs.schedule({
      groupId: group.id,
      kind: GROUP_ANNUAL_ALERT,
      dueAt,
      payload: { plenaryId: plenary.id, months },
      dedupeKey: `${annualAlertPrefix(group.id)}meeting:${plenary.id}:${months}m`,
    });
    scheduled.push(dueAt);
  }
  return scheduled;
}
