import { identify, type Caller } from "../access/actor.ts";
import { decide } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { meetingLabel } from "../meetings/meetingText.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadVenueProposal } from "./loadVenueProposal.ts";
import { awaitingConfirmation } from "./proposeVenue.ts";
import { hostsToConfirm, type VenueProposal } from "./venueProposal.ts";

export interface VenueHostConfirmed {
  proposal: VenueProposal;
  meeting: Meeting;
  /** The agency that confirmed. */
  code: string;
  /** Codes of the hosts still to confirm; empty when the proposal can go to the group. */
  remaining: string[];
}

/**
 * Every co-host bears costs, so a representative of each host other than the proposer's agency
 * confirms their agency's share before the Secretariat or the chair can put the proposal to the group.
 */
export async function confirmVenueHost(deps: Deps, caller: Caller, proposalId: number): Promise<Result<VenueHostConfirmed>> {
  return deps.store.transaction(async (tx) => {
    const may = decide(await identify(tx, caller), "venue confirm");
    if (!may.ok) return may;
    const person = may.value;
    const found = await loadVenueProposal(tx, caller.groupId, proposalId);
    if (!found.ok) return found;
    const { proposal, meeting } = found.value;
    const codeOf = await agencyCodes(tx, caller.groupId);
    const hosts = proposal.hostAgencyIds.map(codeOf);
    // The representative's agency must be one of this proposal's hosts (the table's "own agency").
    if (!decide(person, "venue confirm", { agencyIds: proposal.hostAgencyIds }).ok) {
      return refuse({ reason: "venue_confirmer_not_host", id: proposal.id, code: codeOf(person.agencyId!), hosts });
    }
    const agencyId = person.agencyId!;
    const code = codeOf(agencyId);
    if (!isUpcoming(meeting)) return refuse({ reason: "meeting_status", id: meeting.id, status: meeting.status, action: "take venue proposals" });
    if (proposal.status !== "proposed") return refuse({ reason: "venue_proposal_status", id: proposal.id, status: proposal.status, pollId: proposal.pollId });
    if (proposal.confirmedAgencyIds.includes(agencyId)) return refuse({ reason: "venue_host_already_confirmed", id: proposal.id, code });

    const now = deps.clock.now();
    // Conditional write: of two confirmations racing for one agency, the second finds it done.
    if (!(await tx.venueProposals.confirmHost(proposal.id, agencyId, person.id, now))) return refuse({ reason: "venue_host_already_confirmed", id: proposal.id, code });
    const confirmed = { ...proposal, confirmedAgencyIds: [...proposal.confirmedAgencyIds, agencyId] };
    const remaining = hostsToConfirm(confirmed).map(codeOf);
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: person.id,
      action: "venue.host-confirmed",
      subject: `meeting:${meeting.id}`,
      details: { proposalId: proposal.id, host: code, remaining },
    });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `venue:${proposal.id}:confirmed:${agencyId}`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `${code} confirms its share of the local administrative costs of venue proposal #${proposal.id} (${proposal.city}, ${proposal.country}) for ${meetingLabel(meeting)}. ` +
          (remaining.length
            ? awaitingConfirmation(remaining, proposal.id)
            : `Every host has confirmed: the Secretariat or the chair puts it to the group with /venue consensus id:${proposal.id}.`),
        data: { id: proposal.id, meetingId: meeting.id, event: "venue.host-confirmed" },
      },
      now,
    );
    return ok({ proposal: confirmed, meeting, code, remaining });
  });
}
