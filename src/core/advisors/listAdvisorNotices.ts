import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes, loadMeeting } from "../meetings/loadMeeting.ts";
import type { Meeting } from "../meetings/meeting.ts";
import { ok, type Result } from "../shared/result.ts";
import type { AdvisorNotice } from "./advisorNotice.ts";

export interface AdvisorNoticeView extends AdvisorNotice {
  agency: string;
}

export async function listAdvisorNotices(deps: Deps, caller: Caller, meetingId: number): Promise<Result<{ meeting: Meeting; notices: AdvisorNoticeView[] }>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "advisor list");
    if (!asker.ok) return asker;
    const found = await loadMeeting(tx, caller.groupId, meetingId);
    if (!found.ok) return found;
    const codeOf = await agencyCodes(tx, caller.groupId);
    const notices = (await tx.advisorNotices.listByMeeting(meetingId)).map((n) => ({ ...n, agency: codeOf(n.agencyId) }));
    return ok({ meeting: found.value, notices });
  });
}
