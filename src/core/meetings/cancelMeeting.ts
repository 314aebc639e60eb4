import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadMeeting } from "./loadMeeting.ts";
import { isUpcoming, type Meeting } from "./meeting.ts";
import { cancelMeetingReminders } from "./meetingJobs.ts";
import { meetingLabel, upperFirst } from "./meetingText.ts";
import { updateMeeting } from "./updateMeeting.ts";

export interface MeetingCancelled {
  meeting: Meeting;
  /** Venue polls still open: they are left to the chair and the Secretariat, and change nothing if adopted. */
  openVenuePolls: number[];
}

/** The Secretariat cancels a meeting that has not been held; its reminders go with it. */
export async function cancelMeeting(deps: Deps, caller: Caller, id: number): Promise<Result<MeetingCancelled>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting cancel");
    if (!actor.ok) return actor;
    const found = await loadMeeting(tx, caller.groupId, id);
    if (!found.ok) return found;
    if (!isUpcoming(found.value)) return refuse({ reason: "meeting_status", id, status: found.value.status, action: "be cancelled" });

    const now = deps.clock.now();
    const meeting: Meeting = { ...found.value, status: "cancelled" };
    await updateMeeting(tx, found.value, { status: "cancelled" }, now);
    await cancelMeetingReminders(tx, id);
    const openVenuePolls = (await tx.venueProposals.listByMeeting(id)).filter((p) => p.status === "in poll" && p.pollId !== null).map((p) => p.pollId!);
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "meeting.cancelled", subject: `meeting:${id}`, details: { previous: found.value.status, openVenuePolls } });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${id}:cancelled`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `${upperFirst(meetingLabel(meeting))} (${meeting.startsOn}) is cancelled.`,
        data: { id, event: "meeting.cancelled" },
      },
      now,
    );
    return ok({ meeting, openVenuePolls });
  });
}
