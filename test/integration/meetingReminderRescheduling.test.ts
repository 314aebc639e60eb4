// /setup reminders applies to what is already planned: the pending reminders of scheduled meetings,
// the minutes reminder of a meeting held without minutes and the annual alerts of the last plenary held
// move to the new offsets, under the same dedupe keys. Reminders already sent stay sent, and an offset
// already past is skipped as /meeting schedule skips it. Real core and scheduler on SQLite.
import { afterEach, describe, expect, it } from "vitest";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { createMeeting } from "../../src/core/meetings/createMeeting.ts";
import { issueMinutes } from "../../src/core/meetings/issueMinutes.ts";
import type { Meeting, MeetingKind } from "../../src/core/meetings/meeting.ts";
import { recordMeetingHeld } from "../../src/core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { configureReminders, type ReminderSettings } from "../../src/core/setup/configureReminders.ts";
import { proposeVenue } from "../../src/core/venues/proposeVenue.ts";
import { putVenueToConsensus } from "../../src/core/venues/putVenueToConsensus.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

interface Job {
  kind: string;
  dueAt: string;
  status: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

function jobs(kind: string, prefix = ""): Job[] {
  return g
    .rows<{ kind: string; dueAt: number | string; status: string; dedupeKey: string; payload: string }>(
      `SELECT kind, dueAt, status, dedupeKey, payload FROM ScheduledJob WHERE kind = ? AND dedupeKey LIKE ? ORDER BY dueAt, id`,
      kind,
      `${prefix}%`,
    )
    .map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString(), payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

function sent(event: string): { text: string; data: Record<string, unknown> }[] {
  return g
    .rows<{ text: string; data: string }>(`SELECT text, data FROM OutboxMessage ORDER BY id`)
    .map((r) => ({ text: r.text, data: JSON.parse(r.data) as Record<string, unknown> }))
    .filter((m) => m.data["event"] === event);
}

async function fireAt(iso: string): Promise<void> {
  const at = new Date(iso);
  g.clock.set(at);
  await runDueJobs(g.deps, "test", at);
}

const reconfigure = async (settings: ReminderSettings) => must(await configureReminders(g.deps, g.operator, settings));

/** A meeting taken through an agreed venue to scheduled, as the Secretariat and the delegations would. */
async function scheduledMeeting(startsOn: string, endsOn: string, kind: MeetingKind = "plenary"): Promise<Meeting> {
  const meeting = must(await createMeeting(g.deps, g.operator, { title: `Meeting of ${startsOn}`, startsOn, endsOn, kind }));
  const { proposal } = must(await proposeVenue(g.deps, g.rep("ESA"), { meetingId: meeting.id, hosts: ["ESA"], city: "Noordwijk", country: "Netherlands", costsAccepted: true }));
  const { poll } = must(await putVenueToConsensus(g.deps, g.operator, { proposalId: proposal.id, closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
  for (const agency of g.agencies) must(await castPosition(g.deps, g.rep(agency.code), { pollId: poll.id, stance: "concur" }));
  return must(await scheduleMeeting(g.deps, g.operator, meeting.id)).meeting;
}

describe("changing the meeting offsets with /setup reminders", () => {
  it("moves a scheduled meeting's pending reminders to the new days, keeps the one sent, and skips the days already past", async () => {
    g = await buildGroup({ timezone: "Europe/Paris", start: "2026-06-01T08:00:00Z" });
    const meeting = await scheduledMeeting("2026-10-12", "2026-10-14");
    const prefix = `meeting:${meeting.id}:remind:`;
    const [, , , oneDayKey] = jobs("meeting.remind", prefix).map((j) => j.dedupeKey);
    await fireAt("2026-07-14T07:00:00Z"); // 90 days before, 09:00 in Paris
    expect(sent("meeting.reminder")).toHaveLength(3);

    await reconfigure({ meetingReminderDays: [100, 60, 14, 1] });

    expect(jobs("meeting.remind", prefix).map((j) => [j.dueAt, j.status, j.payload["daysBefore"]])).toEqual([
      ["2026-07-14T07:00:00.000Z", "done", 90],
      ["2026-08-13T07:00:00.000Z", "pending", 60],
      ["2026-09-12T07:00:00.000Z", "cancelled", 30],
      ["2026-09-28T07:00:00.000Z", "pending", 14],
      ["2026-10-05T07:00:00.000Z", "cancelled", 7],
      ["2026-10-11T07:00:00.000Z", "pending", 1], // 100 days before (4 July) is past: not sent late
    ]);
    expect(jobs("meeting.remind", prefix).find((j) => j.payload["daysBefore"] === 1)?.dedupeKey).toBe(oneDayKey);

    for (const at of ["2026-08-13T07:00:00Z", "2026-09-12T07:00:00Z", "2026-09-28T07:00:00Z", "2026-10-05T07:00:00Z", "2026-10-11T07:00:00Z"]) await fireAt(at);
    const byDays = sent("meeting.reminder").map((m) => m.data["daysBefore"]);
    expect([...new Set(byDays)]).toEqual([90, 60, 14, 1]);
    expect(byDays).toHaveLength(4 * 3);
    expect(sent("meeting.reminder").at(-1)?.text).toContain("starts tomorrow");
  });

  it("revives no reminder of a cancelled or held meeting, and a meeting scheduled afterwards takes the new days", async () => {
    g = await buildGroup({ start: "2026-06-01T08:00:00Z" });
    const held = await scheduledMeeting("2026-06-10", "2026-06-11", "workshop");
    const cancelled = await scheduledMeeting("2026-09-01", "2026-09-02", "working-group");
    must(await cancelMeeting(g.deps, g.operator, cancelled.id));
    await fireAt("2026-06-11T10:00:00Z");
    must(await recordMeetingHeld(g.deps, g.operator, held.id));

    await reconfigure({ meetingReminderDays: [45, 3] });

    expect(jobs("meeting.remind", `meeting:${cancelled.id}:`).filter((j) => j.status === "pending")).toEqual([]);
    expect(jobs("meeting.remind", `meeting:${held.id}:`).filter((j) => j.status === "pending")).toEqual([]);
    const later = await scheduledMeeting("2026-12-01", "2026-12-02");
    expect(jobs("meeting.remind", `meeting:${later.id}:`).map((j) => [j.dueAt, j.payload["daysBefore"]])).toEqual([
      ["2026-10-17T09:00:00.000Z", 45],
      ["2026-11-28T09:00:00.000Z", 3],
    ]);
    await fireAt("2026-09-02T00:00:00Z");
    expect(sent("meeting.reminder").filter((m) => m.data["id"] === cancelled.id)).toEqual([]);
  });
});

describe("changing the minutes period with /setup reminders", () => {
  it("moves the pending minutes reminder, chases at once minutes already late by the new period, and never twice", async () => {
    g = await buildGroup({ start: "2026-06-01T08:00:00Z" });
    const issued = await scheduledMeeting("2026-09-01", "2026-09-02", "workshop");
    const late = await scheduledMeeting("2026-10-12", "2026-10-14", "working-group");
    await fireAt("2026-09-02T10:00:00Z");
    must(await recordMeetingHeld(g.deps, g.operator, issued.id));
    must(await issueMinutes(g.deps, g.operator, issued.id, "Agreed the plan."));
    await fireAt("2026-10-14T10:00:00Z");
    must(await recordMeetingHeld(g.deps, g.operator, late.id));
    expect(jobs("meeting.minutes-due", `meeting:${late.id}:`).map((j) => [j.dueAt, j.status])).toEqual([["2026-11-13T09:00:00.000Z", "pending"]]);

    await reconfigure({ minutesReminderDays: 45 });
    expect(jobs("meeting.minutes-due", `meeting:${late.id}:`).map((j) => [j.dueAt, j.status, j.payload["days"]])).toEqual([
      ["2026-11-13T09:00:00.000Z", "cancelled", 30],
      ["2026-11-28T09:00:00.000Z", "pending", 45],
    ]);
    expect(jobs("meeting.minutes-due", `meeting:${issued.id}:`).map((j) => j.status)).toEqual(["cancelled"]);

    // 20 days after the last day: with a period of 14 the minutes are already late, so they are chased now.
    g.clock.set(new Date("2026-11-03T12:00:00Z"));
    await reconfigure({ minutesReminderDays: 14 });
    expect(jobs("meeting.minutes-due", `meeting:${late.id}:`).filter((j) => j.status === "pending").map((j) => j.dueAt)).toEqual(["2026-11-03T12:00:00.000Z"]);
    await fireAt("2026-11-03T12:00:01Z");
    expect(sent("meeting.minutes-due").map((m) => [m.data["id"], m.text])).toEqual([[late.id, expect.stringContaining("have not been issued 14 days on")]]);

    // Once sent, a new period does not chase them again.
    await reconfigure({ minutesReminderDays: 60 });
    expect(jobs("meeting.minutes-due").filter((j) => j.status === "pending")).toEqual([]);
    await fireAt("2027-01-01T00:00:00Z");
    expect(sent("meeting.minutes-due")).toHaveLength(1);
  });
});

describe("changing the annual alerts with /setup reminders", () => {
  it("replaces the last plenary's pending alerts with those of the new months, keeping the one sent", async () => {
    g = await buildGroup({ start: "2026-06-01T08:00:00Z" });
    const plenary = await scheduledMeeting("2026-10-12", "2026-10-14");
    await fireAt("2026-10-14T10:00:00Z");
    must(await recordMeetingHeld(g.deps, g.operator, plenary.id));
    await fireAt("2027-07-12T09:00:00Z"); // 9 months on
    expect(sent("group.annual-alert").map((m) => m.data["months"])).toEqual([9]);

    await reconfigure({ annualAlertMonths: [8, 10] });

    expect(jobs("group.annual-alert").map((j) => [j.dueAt, j.status, j.payload["months"]])).toEqual([
      ["2027-07-12T09:00:00.000Z", "done", 9],
      ["2027-08-12T09:00:00.000Z", "pending", 10], // 8 months on is past: not sent late
      ["2027-09-12T09:00:00.000Z", "cancelled", 11],
    ]);
    await fireAt("2027-08-12T09:00:00Z");
    await fireAt("2027-10-01T00:00:00Z");
    expect(sent("group.annual-alert").map((m) => m.data["months"])).toEqual([9, 10]);
  });
});
