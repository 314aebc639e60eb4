import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import type { VenueProposal } from "../venues/venueProposal.ts";
import { agencyCodes, loadMeeting } from "./loadMeeting.ts";
import type { Meeting } from "./meeting.ts";

export interface MeetingView {
  meeting: Meeting;
  hosts: string[];
  proposals: (VenueProposal & { hosts: string[] })[];
  advisors: { notified: number; late: number; unacknowledged: number };
}

export async function listMeetings(deps: Deps, caller: Caller): Promise<Result<Meeting[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "meeting list");
    if (!asker.ok) return asker;
    return ok(await tx.meetings.list(caller.groupId));
  });
}

export async function showMeeting(deps: Deps, caller: Caller, id: number): Promise<Result<MeetingView>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "meeting show");
    if (!asker.ok) return asker;
    const found = await loadMeeting(tx, caller.groupId, id);
    if (!found.ok) return found;
    const meeting = found.value;
    const codeOf = await agencyCodes(tx, meeting.groupId);
    const proposals = (await tx.venueProposals.listByMeeting(meeting.id)).map((p) => ({ ...p, hosts: p.hostAgencyIds.map(codeOf) }));
    const notices = await tx.advisorNotices.listByMeeting(meeting.id);
    return ok({
      meeting,
      hosts: meeting.hostAgencyIds.map(codeOf),
      proposals,
      advisors: { notified: notices.length, late: notices.filter((n) => n.late).length, unacknowledged: notices.filter((n) => !n.acknowledgedAt).length },
    });
  });
}
