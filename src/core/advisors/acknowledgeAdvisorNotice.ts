import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes } from "../meetings/loadMeeting.ts";
import type { Meeting } from "../meetings/meeting.ts";
import { meetingLabel } from "../meetings/meetingText.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { AdvisorNotice } from "./advisorNotice.ts";

/** The Secretariat acknowledges an advisor notice; the delegation that sent it is told. */
export async function acknowledgeAdvisorNotice(deps: Deps, caller: Caller, id: number): Promise<Result<{ notice: AdvisorNotice; meeting: Meeting; agency: string }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "advisor ack");
    if (!actor.ok) return actor;
    const notice = await tx.advisorNotices.byId(id);
    const meeting = notice ? await tx.meetings.byId(notice.meetingId) : null;
    if (!notice || !meeting || meeting.groupId !== caller.groupId) return refuse({ reason: "advisor_notice_not_found", id });

    const now = deps.clock.now();
    if (!(await tx.advisorNotices.acknowledge(id, actor.value.id, now))) return refuse({ reason: "advisor_notice_acknowledged", id });
    const agency = (await agencyCodes(tx, caller.groupId))(notice.agencyId);
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "advisor.acknowledged", subject: `meeting:${meeting.id}`, details: { noticeId: id, agency, name: notice.name } });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `advisor:${id}:acknowledged`,
        audience: { kind: "agency", agencyId: notice.agencyId },
        text: `The Secretariat has acknowledged ${agency}'s notice #${id}: ${notice.name} (${notice.affiliation}) attends ${meetingLabel(meeting)} as an advisor of your delegation.`,
        data: { id, meetingId: meeting.id, event: "advisor.acknowledged" },
      },
      now,
    );
    return ok({ notice: { ...notice, acknowledgedById: actor.value.id, acknowledgedAt: now }, meeting, agency });
  });
}
