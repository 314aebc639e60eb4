import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes, loadMeeting } from "../meetings/loadMeeting.ts";
import type { Meeting } from "../meetings/meeting.ts";
import { ok, type Result } from "../shared/result.ts";
import { hostsToConfirm, type VenueProposal } from "./venueProposal.ts";

export interface VenueProposalView extends VenueProposal {
  hosts: string[];
  /** Codes of the hosts still to confirm their share (/venue confirm). */
  toConfirm: string[];
  proposedBy: string;
}

export async function listVenueProposals(deps: Deps, caller: Caller, meetingId: number): Promise<Result<{ meeting: Meeting; proposals: VenueProposalView[] }>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "venue list");
    if (!asker.ok) return asker;
    const found = await loadMeeting(tx, caller.groupId, meetingId);
    if (!found.ok) return found;
    const codeOf = await agencyCodes(tx, caller.groupId);
    const handles = new Map((await tx.people.list(caller.groupId)).map((p) => [p.id, p.handle]));
    const proposals = (await tx.venueProposals.listByMeeting(meetingId)).map((p) => ({
      ...p,
      hosts: p.hostAgencyIds.map(codeOf),
      toConfirm: hostsToConfirm(p).map(codeOf),
      proposedBy: handles.get(p.proposedById) ?? "?",
    }));
    return ok({ meeting: found.value, proposals });
  });
}
