import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { timeMarker } from "../shared/markup.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadMeetingToChange } from "./loadMeeting.ts";
import type { Meeting } from "./meeting.ts";
import { scheduleMeetingReminders } from "./meetingJobs.ts";
import { describeDates, describePlace, meetingLabel, upperFirst } from "./meetingText.ts";
import { updateMeeting } from "./updateMeeting.ts";

/**
 * The Secretariat confirms a meeting whose venue is agreed, or an online meeting still in planning
 * (it has no venue to agree): it becomes scheduled, and delegations
 * will be reminded of it at the group's offsets before it starts.
 */
export async function scheduleMeeting(deps: Deps, caller: Caller, id: number): Promise<Result<{ meeting: Meeting; reminders: Date[] }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting schedule");
    if (!actor.ok) return actor;
    const found = await loadMeetingToChange(tx, caller.groupId, id);
    if (!found.ok) return found;
    const ready = found.value.onlineUrl ? found.value.status === "planning" : found.value.status === "venue agreed";
    if (!ready) return refuse({ reason: "meeting_status", id, status: found.value.status, action: "be scheduled" });
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);

    const now = deps.clock.now();
    const meeting: Meeting = { ...found.value, status: "scheduled" };
    await updateMeeting(tx, found.value, { status: "scheduled" }, now);
    const reminders = await scheduleMeetingReminders(tx, meeting, group, now);
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "meeting.scheduled",
      subject: `meeting:${id}`,
      details: { reminders: reminders.map((r) => r.toISOString()) },
    });
    const place = describePlace(meeting);
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${id}:scheduled`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `${upperFirst(meetingLabel(meeting))} is scheduled: ${describeDates(meeting)}${place ? `, ${place}` : ""}. ` +
          (reminders.length ? `Delegations will be reminded from ${timeMarker(reminders[0]!)}. ` : "") +
          `Add it to your calendar with /meeting ics id:${id}.`,
        data: { id, event: "meeting.scheduled" },
      },
      now,
    );
    return ok({ meeting, reminders });
  });
}
