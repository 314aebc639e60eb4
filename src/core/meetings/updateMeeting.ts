// Every change of a meeting goes through here, so that a change a calendar shows raises the meeting's
// SEQUENCE (RFC 5545 §3.8.7.4) and its LAST-MODIFIED: calendar clients that imported the event, from
// /meeting ics or the group's feed, then apply a new venue, new dates or a cancellation to it rather
// than keep the old version or add a second event.
import type { Tx } from "../store.ts";
import type { Meeting, MeetingPatch } from "./meeting.ts";

/** What the calendar event shows of a meeting (meetingIcs): its summary, dates, place, status, description. */
const CALENDAR_FIELDS = ["startsOn", "endsOn", "status", "event", "city", "country", "venue"] as const satisfies readonly (keyof MeetingPatch & keyof Meeting)[];

export const changesCalendar = (meeting: Meeting, patch: MeetingPatch): boolean =>
  CALENDAR_FIELDS.some((field) => field in patch && patch[field] !== undefined && patch[field] !== meeting[field]);

export async function updateMeeting(tx: Tx, meeting: Meeting, patch: MeetingPatch, now: Date): Promise<void> {
  await tx.meetings.update(meeting.id, changesCalendar(meeting, patch) ? { ...patch, calendarChangedAt: now } : patch);
}
