import type { Meeting } from "../meetings/meeting.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { VenueProposal } from "./venueProposal.ts";

/**
 * A proposal of the group, with its meeting; another group's proposal is as unknown as a missing one.
 * Its meeting is locked first (`meetings.lock`), since a proposal changes with its meeting (a
 * cancellation withdraws its venue poll): the proposal is read again once the lock is held.
 */
export async function loadVenueProposal(tx: Tx, groupId: number, id: number): Promise<Result<{ proposal: VenueProposal; meeting: Meeting }>> {
  const unlocked = await tx.venueProposals.byId(id);
  if (unlocked) await tx.meetings.lock(unlocked.meetingId);
  const proposal = unlocked ? await tx.venueProposals.byId(id) : null;
  const meeting = proposal ? await tx.meetings.byId(proposal.meetingId) : null;
  if (!proposal || !meeting || meeting.groupId !== groupId) return refuse({ reason: "venue_proposal_not_found", id });
  return ok({ proposal, meeting });
}
