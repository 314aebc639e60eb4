import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { isTimeZone } from "../shared/localTime.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Meeting, MeetingKind } from "./meeting.ts";
import { scheduleOutcomePrompt } from "./meetingJobs.ts";
import { describeDates, meetingLabel } from "./meetingText.ts";
import { calendarDate, localDate } from "./meetingTime.ts";

export interface CreateMeetingInput {
  title: string;
  /** Calendar dates, YYYY-MM-DD, in the meeting's time zone. */
  startsOn: string;
  endsOn: string;
  kind?: MeetingKind | undefined;
  /** Defaults to the group's time zone. */
  timezone?: string | undefined;
  event?: string | undefined;
  /** A videoconference link: the meeting is online, has no venue to agree, and is scheduled directly. */
  onlineUrl?: string | undefined;
}

/** The Secretariat creates a meeting in planning; hosts then propose venues for it. */
export async function createMeeting(deps: Deps, caller: Caller, input: CreateMeetingInput): Promise<Result<Meeting>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting create");
    if (!actor.ok) return actor;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);

    const timezone = input.timezone?.trim() || group.timezone;
    if (!isTimeZone(timezone)) return refuse({ reason: "invalid_time_zone", zone: timezone });
    const startsOn = calendarDate(input.startsOn, timezone);
    if (!startsOn) return refuse({ reason: "invalid_date", option: "starts", value: input.startsOn });
    const endsOn = calendarDate(input.endsOn, timezone);
    if (!endsOn) return refuse({ reason: "invalid_date", option: "ends", value: input.endsOn });
    if (endsOn < startsOn) return refuse({ reason: "meeting_ends_before_start", startsOn, endsOn });
    const now = deps.clock.now();
    // Today still counts: a meeting may be recorded on the day it starts.
    if (startsOn < localDate(now, timezone)) return refuse({ reason: "date_in_past", option: "starts" });

    const meeting = await tx.meetings.create({
      groupId: caller.groupId,
      kind: input.kind ?? "plenary",
      title: input.title.trim(),
      startsOn,
      endsOn,
      timezone,
      event: input.event?.trim() || null,
      onlineUrl: input.onlineUrl?.trim() || null,
      createdById: actor.value.id,
      createdAt: now,
    });
    // The day after it ends, the Secretariat is asked to record it as held or cancel it.
    await scheduleOutcomePrompt(tx, meeting);
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "meeting.created",
      subject: `meeting:${meeting.id}`,
      details: { title: meeting.title, kind: meeting.kind, startsOn, endsOn, timezone, event: meeting.event, onlineUrl: meeting.onlineUrl },
    });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${meeting.id}:created`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `New ${meeting.kind} ${meetingLabel(meeting)}: ${describeDates(meeting)}${meeting.event ? `, alongside ${meeting.event}` : ""}. ` +
          (meeting.onlineUrl
            ? `It is held online (${meeting.onlineUrl}); the Secretariat schedules it with /meeting schedule id:${meeting.id}.`
            : `Agencies willing to host it propose a venue with /venue propose meeting:${meeting.id}.`),
        data: { id: meeting.id, event: "meeting.created" },
      },
      now,
    );
    return ok(meeting);
  });
}
