// What is waiting for one person: the open polls their agency has not answered or objects to, the
// meetings coming up, and for the Secretariat the advisor notices to acknowledge and the alerts that
// are due. One read that /waiting and Slack's Home tab both show (waitingCard.ts).
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { agencyCodes } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { localDate, shiftDate } from "../meetings/meetingTime.ts";
import type { Poll } from "../polls/poll.ts";
import { todayIn } from "../shared/calendarDate.ts";
import { ok, type Result } from "../shared/result.ts";

export interface WaitingPoll {
  poll: Pick<Poll, "id" | "title" | "kind" | "closesAt">;
  /** The caller's agency has not responded, or stands on an objection that still blocks. */
  stance: "pending" | "object";
}

export interface WaitingNotice {
  id: number;
  meetingId: number;
  meetingTitle: string;
  agency: string;
  name: string;
  late: boolean;
}

/** Something the Secretariat must see to: a meeting whose dates passed unrecorded, minutes overdue. */
export interface WaitingAlert {
  meetingId: number;
  kind: "dates passed" | "minutes overdue";
  text: string;
}

export interface Waiting {
  handle: string;
  agency: string | null;
  secretariat: boolean;
  polls: WaitingPoll[];
  meetings: Pick<Meeting, "id" | "title" | "kind" | "status" | "startsOn" | "endsOn" | "city" | "country">[];
  notices: WaitingNotice[];
  alerts: WaitingAlert[];
}

export async function whatIsWaiting(deps: Deps, caller: Caller): Promise<Result<Waiting>> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "waiting");
    if (!asker.ok) return asker;
    const person = asker.value;
    const group = await tx.groups.byId(caller.groupId);
    const codeOf = await agencyCodes(tx, caller.groupId);

    const polls: WaitingPoll[] = [];
    if (person.agencyId !== null) {
      for (const poll of await tx.polls.list(caller.groupId, "open")) {
        const elector = (await tx.polls.electors(poll.id)).find((e) => e.agencyId === person.agencyId && e.removedAt === null);
        if (!elector) continue;
        const position = (await tx.polls.positions(poll.id)).find((p) => p.agencyId === person.agencyId);
        if (position && position.stance !== "object") continue;
        polls.push({ poll: { id: poll.id, title: poll.title, kind: poll.kind, closesAt: poll.closesAt }, stance: position ? "object" : "pending" });
      }
      polls.sort((a, b) => a.poll.closesAt.getTime() - b.poll.closesAt.getTime());
    }

    const all = await tx.meetings.list(caller.groupId);
    // Coming: not taken place, and its last day not yet over in its own zone.
    const meetings = all
      .filter((m) => isUpcoming(m) && m.endsOn >= todayIn(now, m.timezone))
      .sort((a, b) => a.startsOn.localeCompare(b.startsOn))
      .map(({ id, title, kind, status, startsOn, endsOn, city, country }) => ({ id, title, kind, status, startsOn, endsOn, city, country }));

    const secretariat = person.roles.includes("secretariat");
    const notices: WaitingNotice[] = [];
    const alerts: WaitingAlert[] = [];
    if (secretariat) {
      for (const m of all) {
        if (!isUpcoming(m)) continue;
        for (const n of await tx.advisorNotices.listByMeeting(m.id)) {
          if (n.acknowledgedAt) continue;
          notices.push({ id: n.id, meetingId: m.id, meetingTitle: m.title, agency: codeOf(n.agencyId), name: n.name, late: n.late });
        }
      }
      for (const m of all) {
        const today = todayIn(now, m.timezone);
        if (isUpcoming(m) && m.endsOn < today) {
          alerts.push({ meetingId: m.id, kind: "dates passed", text: `${m.title} (meeting #${m.id}) ended on ${m.endsOn} but is still ${m.status}: record it with /meeting held id:${m.id}, or /meeting cancel id:${m.id}.` });
        }
        if (m.status === "held" && m.heldAt && group) {
          // The same due day as the minutes reminder (meetingJobs.ts scheduleMinutesReminder).
          const heldOn = localDate(m.heldAt, m.timezone);
          const due = shiftDate(heldOn > m.endsOn ? heldOn : m.endsOn, { days: group.minutesReminderDays });
          if (today > due) alerts.push({ meetingId: m.id, kind: "minutes overdue", text: `The minutes of ${m.title} (meeting #${m.id}) were due on ${due}: /meeting minutes id:${m.id}.` });
        }
      }
    }
    return ok({ handle: person.handle, agency: person.agencyId === null ? null : codeOf(person.agencyId), secretariat, polls, meetings, notices, alerts });
  });
}
