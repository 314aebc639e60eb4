import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { finalizePoll } from "../polls/finalizePoll.ts";
import { currentTally } from "../polls/loadPoll.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadMeetingToChange } from "./loadMeeting.ts";
import { isUpcoming, type Meeting } from "./meeting.ts";
import { cancelMeetingReminders, cancelOutcomePrompt } from "./meetingJobs.ts";
import { meetingLabel, upperFirst } from "./meetingText.ts";
import { updateMeeting } from "./updateMeeting.ts";

export interface MeetingCancelled {
  meeting: Meeting;
  /** The venue polls that were open: withdrawn with the meeting, since there is no venue left to agree. */
  withdrawnVenuePolls: number[];
}

/** The Secretariat cancels a meeting that has not been held; its reminders go with it. */
export async function cancelMeeting(deps: Deps, caller: Caller, id: number): Promise<Result<MeetingCancelled>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting cancel");
    if (!actor.ok) return actor;
    const found = await loadMeetingToChange(tx, caller.groupId, id);
    if (!found.ok) return found;
    if (!isUpcoming(found.value)) return refuse({ reason: "meeting_status", id, status: found.value.status, action: "be cancelled" });

    const now = deps.clock.now();
    const meeting: Meeting = { ...found.value, status: "cancelled" };
    await updateMeeting(tx, found.value, { status: "cancelled" }, now);
    await cancelMeetingReminders(tx, id);
    await cancelOutcomePrompt(tx, id);
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "meeting.cancelled", subject: `meeting:${id}`, details: { previous: found.value.status } });
    // Its open venue poll goes with it: withdrawn, in this transaction, like /poll withdraw.
    const withdrawnVenuePolls: number[] = [];
    for (const proposal of await tx.venueProposals.listByMeeting(id)) {
      if (proposal.status !== "in poll" || proposal.pollId === null) continue;
      await tx.polls.lock(proposal.pollId);
      const poll = await tx.polls.byId(proposal.pollId);
      if (!poll || poll.status !== "open") continue;
      await finalizePoll(tx, poll, "withdrawn", await currentTally(tx, poll), now, actor.value.id, "withdrawn");
      await tx.venueProposals.update(proposal.id, { status: "not agreed" });
      withdrawnVenuePolls.push(poll.id);
    }
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `meeting:${id}:cancelled`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `${upperFirst(meetingLabel(meeting))} (${meeting.startsOn}) is cancelled.${withdrawnVenuePolls.length ? ` Its venue poll ${withdrawnVenuePolls.map((p) => `#${p}`).join(", ")} is withdrawn.` : ""}`,
        data: { id, event: "meeting.cancelled" },
      },
      now,
    );
    return ok({ meeting, withdrawnVenuePolls });
  });
}
