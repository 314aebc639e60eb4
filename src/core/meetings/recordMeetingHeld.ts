import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadMeetingToChange } from "./loadMeeting.ts";
import type { Meeting } from "./meeting.ts";
import { cancelMeetingReminders, cancelOutcomePrompt, replaceAnnualAlerts, scheduleMinutesReminder } from "./meetingJobs.ts";
import { meetingLabel, upperFirst } from "./meetingText.ts";
import { localDate } from "./meetingTime.ts";
import { updateMeeting } from "./updateMeeting.ts";

export interface MeetingHeld {
  meeting: Meeting;
  minutesDueAt: Date;
  /** For a plenary: when the annual rule will be checked next. */
  annualAlerts: Date[];
}

/**
 * The Secretariat records that a scheduled meeting took place. Reminders still ahead are cancelled,
 * minutes become due, and a plenary restarts the annual rule's clock.
 */
export async function recordMeetingHeld(deps: Deps, caller: Caller, id: number): Promise<Result<MeetingHeld>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting held");
    if (!actor.ok) return actor;
    const found = await loadMeetingToChange(tx, caller.groupId, id);
    if (!found.ok) return found;
    if (found.value.status !== "scheduled") return refuse({ reason: "meeting_status", id, status: found.value.status, action: "be recorded as held" });
    const now = deps.clock.now();
    const today = localDate(now, found.value.timezone);
    // Held once its last day has begun where it takes place; minutes come after that.
    if (today < found.value.endsOn) return refuse({ reason: "meeting_not_over", id, endsOn: found.value.endsOn, timezone: found.value.timezone });
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);

    const meeting: Meeting = { ...found.value, status: "held", heldAt: now };
    await updateMeeting(tx, found.value, { status: "held", heldAt: now }, now);
    await cancelMeetingReminders(tx, id);
    await cancelOutcomePrompt(tx, id);
    const minutesDueAt = await scheduleMinutesReminder(tx, meeting, group, today);
    const annualAlerts = meeting.kind === "plenary" ? await replaceAnnualAlerts(tx, meeting, group, now) : [];
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "meeting.held",
      subject: `meeting:${id}`,
      details: { minutesDueAt: minutesDueAt.toISOString(), annualAlerts: annualAlerts.map((a) => a.toISOString()) },
    });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${id}:held`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `${upperFirst(meetingLabel(meeting))} has been held. The chair and the Secretariat issue its minutes within ${group.minutesReminderDays} days.`,
        data: { id, event: "meeting.held" },
      },
      now,
    );
    return ok({ meeting, minutesDueAt, annualAlerts });
  });
}
