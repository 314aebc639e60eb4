import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Agency } from "../agencies/agency.ts";
import type { Deps } from "../deps.ts";
import { loadMeeting } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { meetingLabel } from "../meetings/meetingText.ts";
import { daysBetween, localDate } from "../meetings/meetingTime.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { advisorNameKey, type AdvisorNotice } from "./advisorNotice.ts";

export interface NotifyAdvisorInput {
  meetingId: number;
  name: string;
  affiliation: string;
  purpose: string;
  /** The conflict-of-interest declaration: "none", or what the conflicts are. */
  conflicts: string;
}

export interface AdvisorNotified {
  notice: AdvisorNotice;
  meeting: Meeting;
  agency: Agency;
  /** Whole days between the notice and the meeting's first day, in the meeting's zone. */
  daysBefore: number;
  noticeDays: number;
}

/**
 * A representative notifies the Secretariat of an advisor their delegation brings to a meeting.
 * The advisor belongs to that delegation for that meeting only, and never takes a position: nothing
 * here makes them a person the bot knows, let alone a representative.
 */
export async function notifyAdvisor(deps: Deps, caller: Caller, input: NotifyAdvisorInput): Promise<Result<AdvisorNotified>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "advisor notify");
    if (!actor.ok) return actor;
    const person = actor.value;
    if (person.agencyId === null) throw new Error(`person ${person.id} may notify an advisor without an agency`);
    const agency = await tx.agencies.byId(person.agencyId);
    if (!agency) throw new Error(`agency ${person.agencyId} of person ${person.id} is missing`);
    if (agency.status !== "participating") return refuse({ reason: "agency_not_participating", code: agency.code, status: agency.status });
    const found = await loadMeeting(tx, caller.groupId, input.meetingId);
    if (!found.ok) return found;
    const meeting = found.value;
    if (!isUpcoming(meeting)) return refuse({ reason: "meeting_status", id: meeting.id, status: meeting.status, action: "take advisor notices" });

    const name = input.name.trim().replace(/\s+/g, " ");
    const nameKey = advisorNameKey(name);
    const known = await tx.advisorNotices.byName(meeting.id, nameKey);
    if (known && known.agencyId === agency.id) return refuse({ reason: "advisor_already_notified", name: known.name, id: known.id, meetingId: meeting.id });
    if (known) {
      const other = await tx.agencies.byId(known.agencyId);
      return refuse({ reason: "advisor_in_other_delegation", name: known.name, code: other?.code ?? "another delegation", meetingId: meeting.id });
    }

    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const now = deps.clock.now();
    // The notice period counts whole days in the meeting's zone: 14 days before a meeting starting on
    // the 15th is the 1st, and a notice on the 1st is in time.
    const daysBefore = daysBetween(localDate(now, meeting.timezone), meeting.startsOn);
    const late = daysBefore < group.advisorNoticeDays;

    const notice = await tx.advisorNotices.create({
      meetingId: meeting.id,
      agencyId: agency.id,
      name,
      nameKey,
      affiliation: input.affiliation.trim(),
      purpose: input.purpose.trim(),
      conflicts: input.conflicts.trim(),
      late,
      notifiedById: person.id,
      notifiedAt: now,
    });
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: person.id,
      action: "advisor.notified",
      subject: `meeting:${meeting.id}`,
      details: { noticeId: notice.id, agency: agency.code, name, affiliation: notice.affiliation, late, daysBefore },
    });
    const lateness = late
      ? `LATE: received ${daysBefore} day${daysBefore === 1 ? "" : "s"} before the meeting starts; notices are due ${group.advisorNoticeDays} days before. `
      : "";
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `advisor:${notice.id}:notified`,
        audience: { kind: "channel", purpose: "secretariat" },
        text:
          `${lateness}Advisor notice #${notice.id} from ${agency.code} for ${meetingLabel(meeting)} (${meeting.startsOn}): ` +
          `${name}, ${notice.affiliation}. Purpose: ${notice.purpose}. Conflicts of interest: ${notice.conflicts}. ` +
          `Acknowledge with /advisor ack id:${notice.id}.`,
        data: { id: notice.id, meetingId: meeting.id, event: "advisor.notified", agency: agency.code, late },
      },
      now,
    );
    return ok({ notice, meeting, agency, daysBefore, noticeDays: group.advisorNoticeDays });
  });
}
