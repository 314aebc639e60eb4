import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadMeetingToChange } from "./loadMeeting.ts";
import type { Meeting } from "./meeting.ts";
import { minutesDuePrefix } from "./meetingJobs.ts";
import { meetingLabel } from "./meetingText.ts";
import { updateMeeting } from "./updateMeeting.ts";

/** The chair or the Secretariat issues the minutes of a meeting held; the minutes reminder is then moot. */
export async function issueMinutes(deps: Deps, caller: Caller, id: number, text: string): Promise<Result<Meeting>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting minutes");
    if (!actor.ok) return actor;
    const found = await loadMeetingToChange(tx, caller.groupId, id);
    if (!found.ok) return found;
    if (found.value.status !== "held") return refuse({ reason: "meeting_status", id, status: found.value.status, action: "take minutes now" });

    const now = deps.clock.now();
    const minutes = text.trim();
    const meeting: Meeting = { ...found.value, status: "minutes issued", minutes, minutesIssuedAt: now };
    await updateMeeting(tx, found.value, { status: "minutes issued", minutes, minutesIssuedAt: now }, now);
    await tx.jobs.cancelPending(minutesDuePrefix(id));
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "meeting.minutes", subject: `meeting:${id}`, details: { length: minutes.length } });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${id}:minutes`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `Minutes of ${meetingLabel(meeting)}:\n${minutes}`,
        data: { id, event: "meeting.minutes" },
      },
      now,
    );
    return ok(meeting);
  });
}
