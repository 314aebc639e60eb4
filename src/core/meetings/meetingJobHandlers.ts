// What the meeting jobs do when they fall due. Each checks that it still matters first: a cancelled
// meeting reminds nobody, minutes already issued need no reminder, a plenary planned in time silences
// the annual alert.
import type { JobHandler } from "../scheduler/jobHandler.ts";
import type { ScheduledJob } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";
import { isUpcoming, type Meeting, type MeetingStatus } from "./meeting.ts";
import { ANNUAL_RULE_MONTHS, GROUP_ANNUAL_ALERT, MEETING_MINUTES_DUE, MEETING_OUTCOME_DUE, MEETING_REMIND } from "./meetingJobs.ts";
import { agencyCodes } from "./loadMeeting.ts";
import { describeDates, describePlace, listAnd, meetingLabel, upperFirst } from "./meetingText.ts";
import { daysBetween, localDate, shiftDate } from "./meetingTime.ts";

async function meetingIn(tx: Tx, id: unknown, status: MeetingStatus): Promise<Meeting | null> {
  const meeting = await tx.meetings.byId(Number(id));
  return meeting && meeting.status === status ? meeting : null;
}

const inDays = (days: number): string => (days <= 0 ? "today" : days === 1 ? "tomorrow" : `in ${days} days`);

async function remindDelegations(tx: Tx, job: ScheduledJob, now: Date): Promise<void> {
  const meeting = await meetingIn(tx, job.payload["meetingId"], "scheduled");
  if (!meeting) return;
  const group = await tx.groups.byId(meeting.groupId);
  const codeOf = await agencyCodes(tx, meeting.groupId);
  const place = describePlace(meeting);
  const hosts = meeting.hostAgencyIds.length ? `, hosted by ${listAnd(meeting.hostAgencyIds.map(codeOf))}` : "";
  const days = daysBetween(localDate(now, meeting.timezone), meeting.startsOn);
  const text =
    `Reminder: ${meetingLabel(meeting)} starts ${inDays(days)}: ${describeDates(meeting)}${place ? `, ${place}` : ""}${hosts}. ` +
    `Add it to your calendar with /meeting ics id:${meeting.id}; notify the Secretariat of your advisors with /advisor notify meeting:${meeting.id}` +
    ` (notice period: ${group?.advisorNoticeDays ?? 14} days before it starts).`;
  for (const agency of await tx.agencies.list(meeting.groupId)) {
    if (agency.status !== "participating") continue;
    await tx.outbox.enqueue(
      {
        groupId: meeting.groupId,
        idempotencyKey: `meeting:${meeting.id}:remind:job:${job.id}:agency:${agency.id}`,
        audience: { kind: "agency", agencyId: agency.id },
        text,
        data: { id: meeting.id, event: "meeting.reminder", daysBefore: job.payload["daysBefore"] ?? null, agency: agency.code },
      },
      now,
    );
  }
}

async function remindOfMinutes(tx: Tx, job: ScheduledJob, now: Date): Promise<void> {
  const meeting = await meetingIn(tx, job.payload["meetingId"], "held");
  if (!meeting) return;
  await tx.outbox.enqueue(
    {
      groupId: meeting.groupId,
      idempotencyKey: `meeting:${meeting.id}:minutes-due:job:${job.id}`,
      audience: { kind: "channel", purpose: "secretariat" },
      text:
        `Minutes of ${meetingLabel(meeting)}, held ${describeDates(meeting)}, have not been issued ${job.payload["days"] ?? "30"} days on. ` +
        `The chair or the Secretariat issues them with /meeting minutes id:${meeting.id} text:"…".`,
      data: { id: meeting.id, event: "meeting.minutes-due" },
    },
    now,
  );
}

/** The meeting an outcome prompt is about, while it is still planning, venue agreed or scheduled. */
async function meetingWithoutOutcome(tx: Tx, job: ScheduledJob): Promise<Meeting | null> {
  const meeting = await tx.meetings.byId(Number(job.payload["meetingId"]));
  return meeting && isUpcoming(meeting) ? meeting : null;
}

const outcomeDueText = (meeting: Meeting): string =>
  `${upperFirst(meetingLabel(meeting))}, ${describeDates(meeting)}, is over but still ${meeting.status}. ` +
  `The Secretariat records it as held with /meeting held id:${meeting.id}, or cancels it with /meeting cancel id:${meeting.id}.`;

/** The plenary an annual alert counts from, when no later plenary is planned within the year after it. */
async function plenaryWithoutSuccessor(tx: Tx, job: ScheduledJob): Promise<Meeting | null> {
  const plenary = await tx.meetings.byId(Number(job.payload["plenaryId"]));
  if (!plenary) return null;
  const limit = shiftDate(plenary.startsOn, { months: ANNUAL_RULE_MONTHS });
  const planned = (await tx.meetings.list(plenary.groupId)).some(
    (m) => m.id !== plenary.id && m.kind === "plenary" && ["planning", "venue agreed", "scheduled"].includes(m.status) && m.startsOn > plenary.startsOn && m.startsOn <= limit,
  );
  return planned ? null : plenary;
}

const annualAlertText = (plenary: Meeting): string =>
  `Annual rule: no plenary is planned within ${ANNUAL_RULE_MONTHS} months of the last plenary held, ${meetingLabel(plenary)} (${plenary.startsOn}). ` +
  `The group meets at least once a year: the Secretariat and the chair should plan the next plenary, starting by ${shiftDate(plenary.startsOn, { months: ANNUAL_RULE_MONTHS })}, with /meeting create kind:plenary.`;

export const meetingJobHandlers: JobHandler[] = [
  {
    kind: MEETING_REMIND,
    phase: "reminder",
    run: remindDelegations,
    summarize: async (tx, job) => {
      const meeting = await meetingIn(tx, job.payload["meetingId"], "scheduled");
      if (!meeting) return null;
      const place = describePlace(meeting);
      return `${upperFirst(meetingLabel(meeting))} is scheduled for ${describeDates(meeting)}${place ? `, ${place}` : ""}.`;
    },
  },
  {
    kind: MEETING_MINUTES_DUE,
    phase: "reminder",
    summaryFor: "secretariat",
    run: remindOfMinutes,
    summarize: async (tx, job) => {
      const meeting = await meetingIn(tx, job.payload["meetingId"], "held");
      return meeting ? `The minutes of ${meetingLabel(meeting)} are overdue: /meeting minutes id:${meeting.id}.` : null;
    },
  },
  {
    kind: MEETING_OUTCOME_DUE,
    phase: "reminder",
    summaryFor: "secretariat",
    run: async (tx, job, now) => {
      const meeting = await meetingWithoutOutcome(tx, job);
      if (!meeting) return;
      await tx.outbox.enqueue(
        {
          groupId: meeting.groupId,
          idempotencyKey: `meeting:${meeting.id}:outcome-due:job:${job.id}`,
          audience: { kind: "channel", purpose: "secretariat" },
          text: outcomeDueText(meeting),
          data: { id: meeting.id, event: "meeting.outcome-due", status: meeting.status },
        },
        now,
      );
    },
    summarize: async (tx, job) => {
      const meeting = await meetingWithoutOutcome(tx, job);
      return meeting ? outcomeDueText(meeting) : null;
    },
  },
  {
    kind: GROUP_ANNUAL_ALERT,
    phase: "reminder",
    summaryFor: "secretariat",
    run: async (tx, job, now) => {
      const plenary = await plenaryWithoutSuccessor(tx, job);
      if (!plenary) return;
      await tx.outbox.enqueue(
        {
          groupId: plenary.groupId,
          idempotencyKey: `group:${plenary.groupId}:annual-alert:job:${job.id}`,
          audience: { kind: "channel", purpose: "secretariat" },
          text: annualAlertText(plenary),
          data: { id: plenary.id, event: "group.annual-alert", months: job.payload["months"] ?? null },
        },
        now,
      );
    },
    summarize: async (tx, job) => {
      const plenary = await plenaryWithoutSuccessor(tx, job);
      return plenary ? annualAlertText(plenary) : null;
    },
  },
];
