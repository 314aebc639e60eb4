// A meeting as an iCalendar file (RFC 5545). Meeting dates are calendar days in the meeting's zone,
// so the event is all-day (DTSTART;VALUE=DATE, DTEND the day after the last day, as RFC 5545 wants):
// every client shows it on those same days whatever the reader's own zone, which a timed event in a
// VTIMEZONE would not do for readers far from it. The meeting's zone travels as X-WR-TIMEZONE.
import ical, { ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { agencyCodes, loadMeeting } from "./loadMeeting.ts";
import type { Meeting, MeetingStatus } from "./meeting.ts";
import { describePlace, listAnd } from "./meetingText.ts";
import { shiftDate } from "./meetingTime.ts";

export interface MeetingCalendar {
  meeting: Meeting;
  filename: string;
  ics: string;
}

const EVENT_STATUS: Record<MeetingStatus, ICalEventStatus> = {
  planning: ICalEventStatus.TENTATIVE,
  "venue agreed": ICalEventStatus.TENTATIVE,
  scheduled: ICalEventStatus.CONFIRMED,
  held: ICalEventStatus.CONFIRMED,
  "minutes issued": ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

type Calendar = ReturnType<typeof ical>;

const newCalendar = (name: string): Calendar => ical({ name, prodId: { company: "consensus-bot", product: "meetings", language: "EN" } });

/** The meeting as one event of `calendar`; `stamp` is when the file was made (DTSTAMP, in UTC). */
export function addMeetingEvent(calendar: Calendar, meeting: Meeting, hosts: string[], groupName: string, stamp: Date): void {
  const zone = meeting.timezone;
  const description = [
    `${meeting.kind} of ${groupName}, ${meeting.startsOn} to ${meeting.endsOn} (${zone}).`,
    ...(hosts.length ? [`Hosted by ${listAnd(hosts)}.`] : []),
    ...(meeting.event ? [`Alongside: ${meeting.event}.`] : []),
    `Status: ${meeting.status}.`,
  ].join("\n");
  const place = describePlace(meeting);
  calendar.createEvent({
    // Stable, so that importing the file again updates the event instead of adding a second one.
    id: `meeting-${meeting.id}-group-${meeting.groupId}@consensus-bot`,
    // Raised by every change the event shows (updateMeeting.ts): a client keeps the highest version
    // it has seen, so a new venue or a cancellation replaces what it imported.
    sequence: meeting.calendarSequence,
    created: meeting.createdAt,
    lastModified: meeting.calendarUpdatedAt ?? meeting.createdAt,
    allDay: true,
    // Dates in the meeting's zone; ical-generator writes a zoned luxon date as that zone's calendar day.
    start: DateTime.fromISO(meeting.startsOn, { zone }),
    end: DateTime.fromISO(shiftDate(meeting.endsOn, { days: 1 }), { zone }),
    stamp,
    summary: meeting.title,
    description,
    status: EVENT_STATUS[meeting.status],
    ...(place ? { location: place } : {}),
    // An online meeting: its link, where calendar clients offer to join.
    ...(meeting.onlineUrl ? { url: meeting.onlineUrl } : {}),
  });
}

/** The calendar text of one meeting; `stamp` is when the file was made (DTSTAMP, in UTC). */
export function meetingIcs(meeting: Meeting, hosts: string[], groupName: string, stamp: Date): string {
  const calendar = newCalendar(`${groupName}: ${meeting.title}`);
  calendar.x("X-WR-TIMEZONE", meeting.timezone);
  addMeetingEvent(calendar, meeting, hosts, groupName, stamp);
  return calendar.toString();
}

/** Every meeting of a group as one calendar, for the group's feed (calendarFeed.ts). */
export function meetingsIcs(meetings: { meeting: Meeting; hosts: string[] }[], groupName: string, stamp: Date): string {
  const calendar = newCalendar(`${groupName}: meetings`);
  // Subscribed clients look again about this often (Outlook and Apple read REFRESH-INTERVAL / X-PUBLISHED-TTL).
  calendar.ttl(60 * 60);
  for (const { meeting, hosts } of meetings) addMeetingEvent(calendar, meeting, hosts, groupName, stamp);
  return calendar.toString();
}

const fileSafe = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60) || "meeting";

export async function meetingCalendar(deps: Deps, caller: Caller, id: number): Promise<Result<MeetingCalendar>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "meeting ics");
    if (!asker.ok) return asker;
    const found = await loadMeeting(tx, caller.groupId, id);
    if (!found.ok) return found;
    const meeting = found.value;
    const group = await tx.groups.byId(caller.groupId);
    const codeOf = await agencyCodes(tx, meeting.groupId);
    const ics = meetingIcs(meeting, meeting.hostAgencyIds.map(codeOf), group?.name ?? "the group", deps.clock.now());
    return ok({ meeting, filename: `meeting-${meeting.id}-${fileSafe(meeting.title)}.ics`, ics });
  });
}
