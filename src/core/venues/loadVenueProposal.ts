import type { Meeting } from "../meetings/meeting.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { VenueProposal } from "./venueProposal.ts";

/** A proposal of the group, with its meeting; another group's proposal is as unknown as a missing one. */
export async function loadVenueProposal(tx: Tx, groupId: number, id: number): Promise<Result<{ proposal: VenueProposal; meeting: Meeting }>> {
  const proposal = await tx.venueProposals.byId(id);
  const meeting = proposal ? await tx.meetings.byId(proposal.meetingId) : null;
  if (!proposal || !meeting || meeting.groupId !== groupId) return refuse({ reason: "venue_proposal_not_found", id });
  return ok({ proposal, meeting });
}
