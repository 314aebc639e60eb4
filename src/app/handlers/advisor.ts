import { acknowledgeAdvisorNotice } from "../../core/advisors/acknowledgeAdvisorNotice.ts";
import { listAdvisorNotices } from "../../core/advisors/listAdvisorNotices.ts";
import { notifyAdvisor } from "../../core/advisors/notifyAdvisor.ts";
import { meetingLabel } from "../../core/meetings/meetingText.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const advisorHandlers: CommandHandlers<"advisor"> = {
  "advisor notify": async (ctx, a) => {
    const r = await notifyAdvisor(ctx.deps, ctx.caller, {
      meetingId: a.meeting,
      name: a.name,
      affiliation: a.affiliation,
      purpose: a.purpose,
      conflicts: a.conflicts,
    });
    if (!r.ok) return refused(r.refusal);
    const { notice: n, meeting, agency, daysBefore, noticeDays } = r.value;
    const late = n.late ? ` It is flagged late: ${daysBefore} days before the meeting, and notices are due ${noticeDays} days before.` : "";
    return say(`Advisor notice #${n.id} recorded: ${n.name} attends ${meetingLabel(meeting)} with ${agency.code}. The Secretariat has been notified.${late}`, {
      id: n.id,
      meetingId: meeting.id,
      agency: agency.code,
      late: n.late,
    });
  },
  "advisor list": async (ctx, a) => {
    const r = await listAdvisorNotices(ctx.deps, ctx.caller, a.meeting);
    if (!r.ok) return refused(r.refusal);
    const { meeting, notices } = r.value;
    if (notices.length === 0) return say(`No advisors notified for ${meetingLabel(meeting)}. A representative notifies one with /advisor notify meeting:${meeting.id}.`, { meetingId: meeting.id, notices: [] });
    const lines = notices.map(
      (n) =>
        `#${n.id} ${n.name} (${n.affiliation}) with ${n.agency} — ${n.purpose}; conflicts: ${n.conflicts}` +
        `${n.late ? "; LATE" : ""}; ${n.acknowledgedAt ? "acknowledged" : "awaiting acknowledgement"}`,
    );
    return say([`Advisors for ${meetingLabel(meeting)}:`, ...lines].join("\n"), {
      meetingId: meeting.id,
      notices: notices.map((n) => ({ id: n.id, name: n.name, agency: n.agency, late: n.late, acknowledged: n.acknowledgedAt !== null })),
    });
  },
  "advisor ack": async (ctx, a) => {
    const r = await acknowledgeAdvisorNotice(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { notice: n, agency } = r.value;
    return say(`Acknowledged advisor notice #${n.id} (${n.name}, ${agency}); ${agency} has been told.`, { id: n.id, meetingId: n.meetingId, agency });
  },
};
