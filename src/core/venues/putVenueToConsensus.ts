import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { listAnd } from "../meetings/meetingText.ts";
import { openPollIn } from "../polls/openPoll.ts";
import type { Poll, Procedure } from "../polls/poll.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadVenueProposal } from "./loadVenueProposal.ts";
import { hostsToConfirm, type VenueProposal } from "./venueProposal.ts";

export interface PutVenueToConsensusInput {
  proposalId: number;
  closesAt: Date;
  procedure?: Procedure | undefined;
}

/**
 * The Secretariat or the chair puts one venue proposal to a poll of kind venue; adopted, it becomes
 * the meeting's venue (see venueDecision.ts). One proposal per meeting is before the group at a time.
 */
export async function putVenueToConsensus(
  deps: Deps,
  caller: Caller,
  input: PutVenueToConsensusInput,
): Promise<Result<{ poll: Poll; proposal: VenueProposal; meeting: Meeting }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "venue consensus");
    if (!actor.ok) return actor;
    const found = await loadVenueProposal(tx, caller.groupId, input.proposalId);
    if (!found.ok) return found;
    const { proposal, meeting } = found.value;
    if (!isUpcoming(meeting)) return refuse({ reason: "meeting_status", id: meeting.id, status: meeting.status, action: "have its venue decided" });
    if (meeting.onlineUrl) return refuse({ reason: "meeting_online", id: meeting.id, onlineUrl: meeting.onlineUrl });
    if (proposal.status !== "proposed") return refuse({ reason: "venue_proposal_status", id: proposal.id, status: proposal.status, pollId: proposal.pollId });
    const competing = (await tx.venueProposals.listByMeeting(meeting.id)).find((p) => p.status === "in poll");
    if (competing) return refuse({ reason: "venue_poll_open", meetingId: meeting.id, pollId: competing.pollId ?? 0, proposalId: competing.id });

    const codeOf = await agencyCodes(tx, caller.groupId);
    const unconfirmed = hostsToConfirm(proposal);
    if (unconfirmed.length) return refuse({ reason: "venue_hosts_unconfirmed", id: proposal.id, codes: unconfirmed.map(codeOf) });
    const hosts = listAnd(proposal.hostAgencyIds.map(codeOf));
    const now = deps.clock.now();
    // openPollIn refuses a past deadline before it writes anything, so a refusal here leaves no trace.
    const opened = await openPollIn(
      tx,
      caller.groupId,
      actor.value.id,
      {
        title: `Venue of meeting #${meeting.id} (${meeting.title}): ${proposal.city}, ${proposal.country}`,
        text: [
          `Venue proposal #${proposal.id}${proposal.venue ? `: ${proposal.venue}` : ""}, hosted by ${hosts}, who bear the local administrative costs.`,
          `Dates: ${proposal.startsOn ? `${proposal.startsOn} to ${proposal.endsOn}` : `${meeting.startsOn} to ${meeting.endsOn}`} (${meeting.timezone}).`,
          ...((proposal.event ?? meeting.event) ? [`Alongside: ${proposal.event ?? meeting.event}.`] : []),
        ].join("\n"),
        closesAt: input.closesAt,
        procedure: input.procedure,
        kind: "venue",
        subject: { proposalId: proposal.id, meetingId: meeting.id },
      },
      now,
    );
    if (!opened.ok) return opened;
    await tx.venueProposals.update(proposal.id, { status: "in poll", pollId: opened.value.id });
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "venue.put-to-consensus",
      subject: `meeting:${meeting.id}`,
      details: { proposalId: proposal.id, pollId: opened.value.id },
    });
    return ok({ poll: opened.value, proposal: { ...proposal, status: "in poll", pollId: opened.value.id }, meeting });
  });
}
