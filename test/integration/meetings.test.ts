// Meetings through the core on a real SQLite file: creation rules, the status life cycle, the jobs
// each status schedules (reminders at 09:00 local across DST, minutes, the annual rule), and the .ics.
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { createMeeting } from "../../src/core/meetings/createMeeting.ts";
import { issueMinutes } from "../../src/core/meetings/issueMinutes.ts";
import { meetingCalendar } from "../../src/core/meetings/meetingCalendar.ts";
import { recordMeetingHeld } from "../../src/core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { listMeetings, showMeeting } from "../../src/core/meetings/viewMeetings.ts";
import { proposeVenue } from "../../src/core/venues/proposeVenue.ts";
import { auditRows, expectRefusedWithoutWrites, jobRows, outboxRows, run } from "../support/governance.ts";
import { must } from "../support/group.ts";
import { agreeVenue, meetingWorld, newMeeting, type MeetingWorld } from "../support/meetingWorld.ts";

let world: MeetingWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const iso = (d: Date) => d.toISOString();

describe("creating a meeting", () => {
  it("starts in planning with the group's time zone and kind plenary, audited and announced", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z", "Europe/Paris");
    const m = await newMeeting(world, { title: "Plenary 2026", event: "Lunar symposium" });
    expect(m).toMatchObject({ status: "planning", kind: "plenary", timezone: "Europe/Paris", startsOn: "2026-10-12", endsOn: "2026-10-14", event: "Lunar symposium" });
    expect(auditRows(world, { subject: `meeting:${m.id}` }).map((a) => a.action)).toEqual(["meeting.created"]);
    const announced = outboxRows(world).find((o) => o.idempotencyKey === `meeting:${m.id}:created`);
    expect(announced?.audience).toEqual({ kind: "channel", purpose: "announcements" });
    expect(announced?.text).toContain("Lunar symposium");
    expect(must(await listMeetings(world.deps, world.operator)).map((x) => x.id)).toEqual([m.id]);
  });

  it("keeps a zone and kind given explicitly", async () => {
    world = await meetingWorld();
    const m = await newMeeting(world, { kind: "workshop", timezone: "Asia/Tokyo" });
    expect(m).toMatchObject({ kind: "workshop", timezone: "Asia/Tokyo" });
  });

  it("refuses bad input and callers without the Secretariat role, writing nothing", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const base = { title: "X", startsOn: "2026-10-12", endsOn: "2026-10-14" };
    expect(await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.rep("ESA"), base), "role_required")).toContain("the Secretariat");
    expect(await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.operator, { ...base, timezone: "Mars/Olympus_Mons" }), "invalid_time_zone")).toContain("Mars/Olympus_Mons");
    expect(await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.operator, { ...base, endsOn: "2026-10-11" }), "meeting_ends_before_start")).toContain("2026-10-11");
    await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.operator, { ...base, startsOn: "2026-02-30" }), "invalid_date");
    expect(await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.operator, { ...base, startsOn: "2026-05-31", endsOn: "2026-06-02" }), "date_in_past")).toContain("starts");
  });

  it("reads 'the past' in the meeting's zone: today there is fine, yesterday there is not", async () => {
    // 2026-06-01T08:00Z is already 1 June in Tokyo but still 31 May in Honolulu.
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    await expectRefusedWithoutWrites(w, () => createMeeting(w.deps, w.operator, { title: "T", startsOn: "2026-05-31", endsOn: "2026-05-31", timezone: "Asia/Tokyo" }), "date_in_past");
    expect((await createMeeting(w.deps, w.operator, { title: "H", startsOn: "2026-05-31", endsOn: "2026-05-31", timezone: "Pacific/Honolulu" })).ok).toBe(true);
    expect((await createMeeting(w.deps, w.operator, { title: "T", startsOn: "2026-06-01", endsOn: "2026-06-01", timezone: "Asia/Tokyo" })).ok).toBe(true);
  });
});

describe("the life cycle", () => {
  it("moves planning → venue agreed → scheduled → held → minutes issued, refusing every step out of order", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w);
    const refusal = await expectRefusedWithoutWrites(w, () => scheduleMeeting(w.deps, w.operator, m.id), "meeting_status");
    expect(refusal).toContain("/venue propose");
    await expectRefusedWithoutWrites(w, () => recordMeetingHeld(w.deps, w.operator, m.id), "meeting_status");
    await expectRefusedWithoutWrites(w, () => issueMinutes(w.deps, w.operator, m.id, "early"), "meeting_status");

    await agreeVenue(w, m.id);
    expect(must(await showMeeting(w.deps, w.operator, m.id)).meeting.status).toBe("venue agreed");
    await expectRefusedWithoutWrites(w, () => scheduleMeeting(w.deps, w.rep("ESA"), m.id), "role_required");
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    await expectRefusedWithoutWrites(w, () => scheduleMeeting(w.deps, w.operator, m.id), "meeting_status");

    // Not before its last day has begun in its own zone: not on its first or second day.
    expect(await expectRefusedWithoutWrites(w, () => recordMeetingHeld(w.deps, w.operator, m.id), "meeting_not_over")).toContain("2026-10-14");
    expect(m.timezone).toBe("UTC");
    await w.advanceTo("2026-10-13T23:59:00Z");
    await expectRefusedWithoutWrites(w, () => recordMeetingHeld(w.deps, w.operator, m.id), "meeting_not_over");
    await w.advanceTo("2026-10-14T00:00:00Z");
    must(await recordMeetingHeld(w.deps, w.operator, m.id));
    await expectRefusedWithoutWrites(w, () => recordMeetingHeld(w.deps, w.operator, m.id), "meeting_status");
    await expectRefusedWithoutWrites(w, () => cancelMeeting(w.deps, w.operator, m.id), "meeting_status");

    await expectRefusedWithoutWrites(w, () => issueMinutes(w.deps, w.rep("ESA"), m.id, "text"), "role_required");
    // The chair issues minutes too.
    const done = must(await issueMinutes(w.deps, w.chair, m.id, "  Adopted the workplan.  "));
    expect(done).toMatchObject({ status: "minutes issued", minutes: "Adopted the workplan." });
    await expectRefusedWithoutWrites(w, () => issueMinutes(w.deps, w.operator, m.id, "again"), "meeting_status");

    expect(auditRows(w, { subject: `meeting:${m.id}` }).map((a) => a.action)).toEqual([
      "meeting.created",
      "venue.proposed",
      "venue.host-confirmed",
      "venue.put-to-consensus",
      "venue.agreed",
      "meeting.scheduled",
      "meeting.held",
      "meeting.minutes",
    ]);
    const events = outboxRows(w).map((o) => o.data["event"]);
    for (const e of ["meeting.created", "venue.agreed", "meeting.scheduled", "meeting.held", "meeting.minutes"]) expect(events).toContain(e);
    expect(outboxRows(w).find((o) => o.data["event"] === "meeting.minutes")?.text).toContain("Adopted the workplan.");
  });

  it("cancels from planning, venue agreed or scheduled, and never twice", async () => {
    world = await meetingWorld();
    const w = world;
    const planning = await newMeeting(w);
    const agreed = await newMeeting(w);
    await agreeVenue(w, agreed.id);
    const scheduled = await newMeeting(w);
    await agreeVenue(w, scheduled.id);
    must(await scheduleMeeting(w.deps, w.operator, scheduled.id));

    await expectRefusedWithoutWrites(w, () => cancelMeeting(w.deps, w.rep("JAXA"), planning.id), "role_required");
    for (const m of [planning, agreed, scheduled]) {
      expect(must(await cancelMeeting(w.deps, w.operator, m.id)).meeting.status).toBe("cancelled");
      expect(outboxRows(w).some((o) => o.idempotencyKey === `meeting:${m.id}:cancelled`)).toBe(true);
    }
    expect(await expectRefusedWithoutWrites(w, () => cancelMeeting(w.deps, w.operator, planning.id), "meeting_status")).toContain("/meeting create");
    await expectRefusedWithoutWrites(w, () => showMeeting(w.deps, w.operator, 999), "meeting_not_found");
  });
});

describe("reminders before a scheduled meeting", () => {
  it("falls at 09:00 in the meeting's zone on each side of the change from summer time", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    // Paris leaves summer time on 25 October 2026: 09:00 is 07:00 UTC before and 08:00 UTC after.
    const m = await newMeeting(w, { startsOn: "2026-11-05", endsOn: "2026-11-06", timezone: "Europe/Paris" });
    await agreeVenue(w, m.id);
    const { reminders } = must(await scheduleMeeting(w.deps, w.operator, m.id));
    const expected = ["2026-08-07T07:00:00.000Z", "2026-10-06T07:00:00.000Z", "2026-10-29T08:00:00.000Z", "2026-11-04T08:00:00.000Z"];
    expect(reminders.map(iso)).toEqual(expected);
    const jobs = jobRows(w).filter((j) => j.kind === "meeting.remind");
    expect(jobs.map((j) => iso(j.dueAt))).toEqual(expected);
    expect(jobs.every((j) => j.dedupeKey.startsWith(`meeting:${m.id}:remind:`) && j.status === "pending")).toBe(true);
    expect(jobs.map((j) => j.payload["daysBefore"])).toEqual([90, 30, 7, 1]);
  });

  it("follows the group's offsets and skips those already past", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    await w.db.store.transaction((tx) => tx.groups.update(w.groupId, { meetingReminderDays: [60, 14, 2] }));
    const m = await newMeeting(w, { startsOn: "2026-07-01", endsOn: "2026-07-01" });
    await agreeVenue(w, m.id);
    const { reminders } = must(await scheduleMeeting(w.deps, w.operator, m.id));
    // 60 days before 1 July was 2 May: gone. 14 and 2 days before remain, at 09:00 UTC.
    expect(reminders.map(iso)).toEqual(["2026-06-17T09:00:00.000Z", "2026-06-29T09:00:00.000Z"]);
  });

  it("reminds every participating delegation when due, and nobody once the meeting is cancelled", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { startsOn: "2026-10-12", endsOn: "2026-10-14", timezone: "Europe/Paris" });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));

    await w.advanceTo("2026-07-14T07:00:00Z");
    const first = outboxRows(w).filter((o) => o.data["event"] === "meeting.reminder");
    expect(first.map((o) => o.data["agency"]).sort()).toEqual(["CNES", "ESA", "JAXA", "NASA"]);
    expect(first.map((o) => o.audience)).toContainEqual({ kind: "agency", agencyId: w.agency("ESA").id });
    expect(first[0]!.text).toContain("in 90 days");
    expect(first[0]!.text).toContain("Noordwijk, Netherlands (ESTEC)");

    must(await cancelMeeting(w.deps, w.operator, m.id));
    expect(jobRows(w).filter((j) => j.kind === "meeting.remind" && j.status === "pending")).toEqual([]);
    await w.advanceTo("2026-10-12T00:00:00Z");
    expect(outboxRows(w).filter((o) => o.data["event"] === "meeting.reminder")).toHaveLength(4);
  });

  it("folds a reminder that fell due during downtime into the catch-up summary", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { title: "Autumn plenary" });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    // Back a day after the 90-day reminder (14 July 09:00 UTC) fell due.
    await w.advanceTo("2026-07-15T12:00:00Z");
    expect(outboxRows(w).filter((o) => o.data["event"] === "meeting.reminder")).toEqual([]);
    const summary = outboxRows(w).find((o) => o.data["event"] === "catch-up");
    expect(summary?.text).toContain(`Meeting #${m.id} «Autumn plenary» is scheduled for 2026-10-12 to 2026-10-14 (UTC), Noordwijk, Netherlands (ESTEC).`);
  });
});

describe("after a meeting is held", () => {
  it("reminds the Secretariat's channel of minutes not issued, counted from the last day at 09:00 local", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { startsOn: "2026-10-12", endsOn: "2026-10-14", timezone: "Europe/Paris", kind: "working-group" });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    // 22:30 UTC on 13 October is already the last day, the 14th, in Paris.
    await w.advanceTo("2026-10-13T22:30:00Z");
    const held = must(await recordMeetingHeld(w.deps, w.operator, m.id));
    // 14 October + 30 days = 13 November, 09:00 in Paris (winter time, UTC+1).
    expect(iso(held.minutesDueAt)).toBe("2026-11-13T08:00:00.000Z");
    // The 1-day reminder (11 October) had fired; nothing else about the meeting is pending but the minutes.
    expect(jobRows(w).filter((j) => j.status === "pending").map((j) => j.kind)).toEqual(["meeting.minutes-due"]);
    // A working group restarts no annual rule.
    expect(held.annualAlerts).toEqual([]);

    await w.advanceTo("2026-11-13T08:00:00Z");
    const due = outboxRows(w).filter((o) => o.data["event"] === "meeting.minutes-due");
    expect(due).toHaveLength(1);
    expect(due[0]!.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(due[0]!.text).toContain(`/meeting minutes id:${m.id}`);
  });

  it("sends no minutes reminder once the minutes are issued", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { startsOn: "2026-06-20", endsOn: "2026-06-20" });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    await w.advanceTo("2026-06-20T18:00:00Z");
    must(await recordMeetingHeld(w.deps, w.operator, m.id));
    must(await issueMinutes(w.deps, w.operator, m.id, "Minutes."));
    expect(jobRows(w).find((j) => j.kind === "meeting.minutes-due")?.status).toBe("cancelled");
    await w.advanceTo("2026-08-01T00:00:00Z");
    expect(outboxRows(w).filter((o) => o.data["event"] === "meeting.minutes-due")).toEqual([]);
  });
});

describe("a meeting whose dates have passed", () => {
  const prompts = (w: MeetingWorld) => outboxRows(w).filter((o) => o.data["event"] === "meeting.outcome-due");

  it("prompts the Secretariat's channel once, the day after its last day at 09:00 local, to record it as held or cancel it", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const planning = await newMeeting(w, { title: "Forgotten workshop", startsOn: "2026-10-12", endsOn: "2026-10-14", timezone: "Europe/Paris", kind: "workshop" });
    const scheduled = await newMeeting(w, { title: "Unrecorded plenary", startsOn: "2026-10-20", endsOn: "2026-10-21", timezone: "Europe/Paris" });
    await agreeVenue(w, scheduled.id);
    must(await scheduleMeeting(w.deps, w.operator, scheduled.id));
    // 15 October, 09:00 in Paris (summer time, UTC+2).
    expect(jobRows(w).filter((j) => j.kind === "meeting.outcome-due" && j.payload["meetingId"] === planning.id).map((j) => iso(j.dueAt))).toEqual(["2026-10-15T07:00:00.000Z"]);

    await w.advanceTo("2026-10-15T06:59:00Z");
    expect(prompts(w)).toEqual([]);
    await w.advanceTo("2026-10-15T07:00:00Z");
    expect(prompts(w)).toHaveLength(1);
    const [prompt] = prompts(w);
    expect(prompt!.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(prompt!.text).toContain("Forgotten workshop");
    expect(prompt!.text).toContain(`/meeting held id:${planning.id}`);
    expect(prompt!.text).toContain(`/meeting cancel id:${planning.id}`);

    // 22 October, 09:00 in Paris (UTC+2 until the 25th): the scheduled one, still not recorded.
    await w.advanceTo("2026-10-22T07:00:00Z");
    expect(prompts(w).map((o) => o.data["id"])).toEqual([planning.id, scheduled.id]);
    expect(prompts(w)[1]!.text).toContain(`/meeting held id:${scheduled.id}`);
    expect(prompts(w)[1]!.text).toContain("Unrecorded plenary");
    expect(jobRows(w).filter((j) => j.kind === "meeting.outcome-due").map((j) => j.status)).toEqual(["done", "done"]);
  });

  it("never prompts for a meeting recorded as held or cancelled: its prompt is cancelled with it", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const held = await newMeeting(w, { title: "Held", startsOn: "2026-06-20", endsOn: "2026-06-20" });
    const cancelled = await newMeeting(w, { title: "Cancelled", startsOn: "2026-06-22", endsOn: "2026-06-23" });
    await agreeVenue(w, held.id);
    must(await scheduleMeeting(w.deps, w.operator, held.id));
    await w.advanceTo("2026-06-20T18:00:00Z");
    must(await recordMeetingHeld(w.deps, w.operator, held.id));
    must(await cancelMeeting(w.deps, w.operator, cancelled.id));
    expect(jobRows(w).filter((j) => j.kind === "meeting.outcome-due").map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    await w.advanceTo("2026-08-01T00:00:00Z");
    expect(prompts(w)).toEqual([]);
  });
});

describe("the annual rule", () => {
  async function holdPlenary(w: MeetingWorld, startsOn: string, title: string) {
    const m = await newMeeting(w, { title, startsOn, endsOn: startsOn });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    await w.advanceTo(`${startsOn}T12:00:00Z`);
    return { meeting: m, held: must(await recordMeetingHeld(w.deps, w.operator, m.id)) };
  }
  const alerts = (w: MeetingWorld) => outboxRows(w).filter((o) => o.data["event"] === "group.annual-alert");

  it("alerts the Secretariat's channel at 9 and 11 months when no plenary is planned within 12", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const { meeting, held } = await holdPlenary(w, "2026-06-10", "June plenary");
    expect(held.annualAlerts.map(iso)).toEqual(["2027-03-10T09:00:00.000Z", "2027-05-10T09:00:00.000Z"]);
    await w.advanceTo("2027-03-10T09:00:00Z");
    expect(alerts(w)).toHaveLength(1);
    expect(alerts(w)[0]!.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(alerts(w)[0]!.text).toContain(`meeting #${meeting.id} «June plenary»`);
    expect(alerts(w)[0]!.text).toContain("2027-06-10");
    await w.advanceTo("2027-05-10T09:00:00Z");
    expect(alerts(w)).toHaveLength(2);
  });

  it("stays silent when a plenary is planned within 12 months, but not for one planned later", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    await holdPlenary(w, "2026-06-10", "June plenary");
    // A plenary after the 12 months does not satisfy the rule; a working group within them neither.
    await newMeeting(w, { title: "Too late", startsOn: "2027-06-11", endsOn: "2027-06-12" });
    await newMeeting(w, { title: "Working group", kind: "working-group", startsOn: "2027-01-11", endsOn: "2027-01-12" });
    await w.advanceTo("2027-03-10T09:00:00Z");
    expect(alerts(w)).toHaveLength(1);
    // Planned in time (still in planning, with its dates): the 11-month alert has nothing to say.
    await newMeeting(w, { title: "Next plenary", startsOn: "2027-06-01", endsOn: "2027-06-03" });
    await w.advanceTo("2027-05-10T09:00:00Z");
    expect(alerts(w)).toHaveLength(1);
  });

  it("counts from the last plenary held: a later plenary replaces the earlier one's alerts", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const first = await holdPlenary(w, "2026-06-10", "First");
    const second = await holdPlenary(w, "2026-09-10", "Second");
    const pending = jobRows(w).filter((j) => j.kind === "group.annual-alert" && j.status === "pending");
    expect(pending.map((j) => j.payload["plenaryId"])).toEqual([second.meeting.id, second.meeting.id]);
    expect(jobRows(w).filter((j) => j.kind === "group.annual-alert" && j.payload["plenaryId"] === first.meeting.id).map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    await w.advanceTo("2027-03-11T00:00:00Z");
    expect(alerts(w)).toEqual([]);
    await w.advanceTo("2027-06-10T09:00:00Z");
    expect(alerts(w)).toHaveLength(1);
    expect(alerts(w)[0]!.text).toContain("«Second»");
  });
});

describe("the calendar file", () => {
  it("reads back in ical.js as all-day dates in the meeting's zone, with a stable UID and a UTC stamp", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { title: "Plenary, Tokyo", startsOn: "2026-10-12", endsOn: "2026-10-16", timezone: "Asia/Tokyo", event: "Exploration fair" });
    const first = must(await meetingCalendar(w.deps, w.operator, m.id));
    expect(first.filename).toBe(`meeting-${m.id}-plenary-tokyo.ics`);

    const calendar = new ICAL.Component(ICAL.parse(first.ics));
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Asia/Tokyo");
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe("2026-10-12");
    // DTEND of an all-day event is the day after the last day (RFC 5545).
    expect(event.endDate.isDate).toBe(true);
    expect(event.endDate.toString()).toBe("2026-10-17");
    expect(event.summary).toBe("Plenary, Tokyo");
    expect(event.uid).toBe(`meeting-${m.id}-group-${w.groupId}@consensus-bot`);
    expect(event.description).toContain("Asia/Tokyo");
    expect(event.description).toContain("Exploration fair");
    const stamp = event.component.getFirstPropertyValue("dtstamp") as unknown as InstanceType<typeof ICAL.Time>;
    expect(stamp.zone?.tzid).toBe("UTC");
    expect(event.component.getFirstPropertyValue("status")).toBe("TENTATIVE");
  });

  it("carries the agreed venue and the status, and the same UID after changes", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { timezone: "America/New_York" });
    const before = must(await meetingCalendar(w.deps, w.operator, m.id));
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    const after = must(await meetingCalendar(w.deps, w.rep("NASA"), m.id));
    const eventOf = (ics: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
    expect(eventOf(after.ics).uid).toBe(eventOf(before.ics).uid);
    expect(eventOf(after.ics).location).toBe("Noordwijk, Netherlands (ESTEC)");
    expect(eventOf(after.ics).component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(eventOf(after.ics).description).toContain("Hosted by ESA and CNES");
    expect(eventOf(after.ics).startDate.toString()).toBe("2026-10-12");
    must(await cancelMeeting(w.deps, w.operator, m.id));
    expect(eventOf(must(await meetingCalendar(w.deps, w.operator, m.id)).ics).component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});

describe("an online meeting", () => {
  const LINK = "https://meet.example.org/plenary-2026";

  it("is scheduled by the Secretariat without a venue poll, and shows its link in /meeting show and its .ics", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const created = await run(w, w.operator, `/meeting create title:"Online plenary" starts:2026-10-12 ends:2026-10-13 online:${LINK}`);
    expect(created.text).toContain("/meeting schedule");
    const [m] = must(await listMeetings(w.deps, w.operator));
    expect(m).toMatchObject({ title: "Online plenary", status: "planning", onlineUrl: LINK });
    must(await scheduleMeeting(w.deps, w.operator, m!.id));
    expect(must(await showMeeting(w.deps, w.operator, m!.id)).meeting.status).toBe("scheduled");
    // No venue poll was opened, and delegations are reminded as for any scheduled meeting.
    expect(outboxRows(w).some((o) => String(o.data["event"] ?? "").startsWith("poll."))).toBe(false);
    expect(jobRows(w).filter((j) => j.kind === "meeting.remind" && j.status === "pending").length).toBeGreaterThan(0);
    expect(outboxRows(w).find((o) => o.idempotencyKey === `meeting:${m!.id}:scheduled`)?.text).toContain(LINK);

    const shown = await run(w, w.operator, `/meeting show id:${m!.id}`);
    expect(shown.text).toContain(`Venue: online: ${LINK}`);
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(must(await meetingCalendar(w.deps, w.operator, m!.id)).ics)).getFirstSubcomponent("vevent")!);
    expect(event.location).toBe(`online: ${LINK}`);
    expect(event.component.getFirstPropertyValue("url")).toBe(LINK);
  });

  it("refuses a venue proposal, writing nothing and pointing to /meeting schedule; and a link that is not a web address", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w, { onlineUrl: LINK });
    const refusal = await expectRefusedWithoutWrites(
      w,
      () => proposeVenue(w.deps, w.rep("ESA"), { meetingId: m.id, hosts: ["ESA"], city: "Noordwijk", country: "Netherlands", costsAccepted: true }),
      "meeting_online",
    );
    expect(refusal).toContain(`/meeting schedule id:${m.id}`);
    expect(refusal).toContain(LINK);
    const before = must(await listMeetings(w.deps, w.operator)).length;
    const bad = await run(w, w.operator, `/meeting create title:X starts:2026-10-12 ends:2026-10-13 online:ftp://example.org/x`);
    expect(bad.text).toContain("https://");
    expect(must(await listMeetings(w.deps, w.operator))).toHaveLength(before);
  });
});
