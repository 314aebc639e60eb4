// The chair's and the mandate's alerts follow the group's settings after they were scheduled: a change
// of offsets (/setup reminders) or of time zone (/setup timezone) moves the pending alerts under their
// own dedupe keys, and leaves alone those that already went out. Real core and scheduler on SQLite.
import { afterEach, describe, expect, it } from "vitest";
import { handOverChair } from "../../src/core/chair/handOverChair.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { setMandate, setTimezone } from "../../src/core/setup/configureGroup.ts";
import { configureReminders } from "../../src/core/setup/configureReminders.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { expectRefusedWithoutWrites, jobRows, outboxRows, run } from "../support/governance.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const nasa1 = { handle: "nasa1", identity: { platform: "shell" as const, externalId: "nasa1" } };
const schedule = (prefix: string) => jobRows(g, prefix).map((j) => [j.kind, j.dueAt.toISOString(), j.status, j.payload["months"]]);
const dedupeKeys = (prefix: string) => jobRows(g, prefix).map((j) => j.dedupeKey).sort();
const sent = (event: string) => outboxRows(g).filter((m) => m.data["event"] === event);

async function fireAt(iso: string) {
  const at = new Date(iso);
  g.clock.set(at);
  await runDueJobs(g.deps, "test", at);
}

describe("the bounds of every setting", () => {
  it("refuses a value beyond them with the range, in the core as in the grammar, and changes nothing", async () => {
    g = await buildGroup();
    const said = await expectRefusedWithoutWrites(g, () => configureReminders(g.deps, g.operator, { pollReminderHours: [1e20, 24] }), "setting_out_of_range");
    expect(said).toBe("poll:100000000000000000000 is out of range: give hours before a poll's deadline from 1 to 2160.");
    for (const settings of [{ meetingReminderDays: [366] }, { annualAlertMonths: [0] }, { chairAlertMonths: [12, 37] }, { mandateAlertMonths: [61] }, { minutesReminderDays: 0 }, { catchUpFoldHours: 721 }, { advisorNoticeDays: Number.NaN }]) {
      await expectRefusedWithoutWrites(g, () => configureReminders(g.deps, g.operator, settings), "setting_out_of_range");
    }
    // Through the catalogue the value never reaches the core: the grammar gives the same range.
    const reply = await run(g, g.operator, "/setup reminders poll:99999999999999999999");
    expect(reply.text).toContain("each from 1 to 2160 hours");
    expect(reply.text).not.toMatch(/something went wrong/i);
    must(await configureReminders(g.deps, g.operator, { pollReminderHours: [2160, 1], minutesReminderDays: 365 }));
  });
});

describe("changing the chair's offsets with /setup reminders", () => {
  it("moves the current term's pending alerts to the new months, under the same keys, and they fire then", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: "Europe/Paris" });
    must(await handOverChair(g.deps, g.operator, { agency: "NASA", user: nasa1, from: "2026-05-15" }));
    const keys = dedupeKeys("chair.");

    const shown = await run(g, g.operator, "/setup reminders");
    expect(shown.text).not.toContain("already planned");
    expect((await run(g, g.operator, "/setup reminders fold:12")).text).not.toContain("already planned");
    const changed = await run(g, g.operator, "/setup reminders chair:10,14");
    expect(changed.text).toContain("Chair: succession reminder at 10 months, overdue alert at 14 months");
    expect(changed.text).toContain("Reminders already planned now follow these settings; those already sent stay sent.");

    expect(schedule("chair.")).toEqual([
      ["chair.succession", "2027-03-15T08:00:00.000Z", "pending", 10], // CET
      ["chair.overdue", "2027-07-15T07:00:00.000Z", "pending", 14], // CEST
    ]);
    expect(dedupeKeys("chair.")).toEqual(keys);

    await fireAt("2027-03-15T08:00:00Z");
    expect(sent("chair.succession").map((m) => m.text)).toEqual([expect.stringContaining("has chaired the group for 10 months, since 2026-05-15")]);
    await fireAt("2027-07-15T07:00:00Z");
    expect(sent("chair.overdue").map((m) => m.data["months"])).toEqual([14]);
    // Nothing is left at the old 12 and 18 months.
    await fireAt("2027-11-16T00:00:00Z");
    expect(sent("chair.succession")).toHaveLength(1);
    expect(sent("chair.overdue")).toHaveLength(1);
  });

  it("leaves an alert that already went out as it was, and does not send it again at its new month", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], start: "2026-06-01T09:00:00Z" });
    must(await handOverChair(g.deps, g.operator, { agency: "NASA", user: nasa1, from: "2025-07-01" }));
    await fireAt("2026-07-01T09:00:00Z");
    expect(sent("chair.succession")).toHaveLength(1);

    must(await configureReminders(g.deps, g.operator, { chairAlertMonths: [13, 20] }));

    expect(schedule("chair.")).toEqual([
      ["chair.succession", "2026-07-01T09:00:00.000Z", "done", 12],
      ["chair.overdue", "2027-03-01T09:00:00.000Z", "pending", 20],
    ]);
    await fireAt("2026-08-02T00:00:00Z");
    expect(sent("chair.succession")).toHaveLength(1);
  });
});

describe("changing the mandate's offsets with /setup reminders", () => {
  it("replaces the pending alerts with those of the new months", async () => {
    g = await buildGroup({ timezone: "Europe/Paris" });
    must(await setMandate(g.deps, g.operator, "2030-12-31"));

    await run(g, g.operator, "/setup reminders mandate:9,3");

    expect(schedule("mandate.").filter((j) => j[2] === "pending")).toEqual([
      ["mandate.alert", "2030-03-31T07:00:00.000Z", "pending", 9],
      ["mandate.alert", "2030-09-30T07:00:00.000Z", "pending", 3],
    ]);
    await fireAt("2030-01-01T00:00:00Z");
    expect(sent("mandate.alert")).toEqual([]);
    await fireAt("2030-03-31T07:00:00Z");
    expect(sent("mandate.alert").map((m) => m.text)).toEqual([expect.stringContaining("ends on 2030-12-31, in 9 months")]);
  });
});

describe("changing the group's time zone with /setup timezone", () => {
  it("moves the pending chair and mandate alerts to 09:00 in the new zone, and leaves those sent alone", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: "Europe/Paris", start: "2026-06-01T09:00:00Z" });
    must(await handOverChair(g.deps, g.operator, { agency: "NASA", user: nasa1, from: "2025-07-01" }));
    must(await setMandate(g.deps, g.operator, "2030-12-31"));
    await fireAt("2026-07-01T07:00:00Z"); // 09:00 in Paris: the succession reminder goes out
    const keys = [...dedupeKeys("chair."), ...dedupeKeys("mandate.")];

    must(await setTimezone(g.deps, g.operator, "America/New_York"));

    expect(schedule("chair.")).toEqual([
      ["chair.succession", "2026-07-01T07:00:00.000Z", "done", 12],
      ["chair.overdue", "2027-01-01T14:00:00.000Z", "pending", 18], // 09:00 EST
    ]);
    expect(schedule("mandate.")).toEqual([
      ["mandate.alert", "2029-12-31T14:00:00.000Z", "pending", 12], // EST
      ["mandate.alert", "2030-06-30T13:00:00.000Z", "pending", 6], // EDT
    ]);
    expect([...dedupeKeys("chair."), ...dedupeKeys("mandate.")]).toEqual(keys);

    await fireAt("2027-01-01T08:00:00Z"); // 09:00 in Paris, 03:00 in New York
    expect(sent("chair.overdue")).toEqual([]);
    await fireAt("2027-01-01T14:00:00Z");
    expect(sent("chair.overdue")).toHaveLength(1);
    expect(sent("chair.succession")).toHaveLength(1);
  });
});

describe("an alert whose new time has already passed", () => {
  it("goes out now when a change of zone moves it into the past, rather than never", async () => {
    // 10:00 UTC: 09:00 in New York (13:00 UTC) is still ahead, 09:00 in Paris (07:00 UTC) has passed.
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: "America/New_York", start: "2026-07-01T10:00:00Z" });
    must(await handOverChair(g.deps, g.operator, { agency: "NASA", user: nasa1, from: "2025-07-01" }));
    expect(schedule("chair.succession")).toEqual([["chair.succession", "2026-07-01T13:00:00.000Z", "pending", 12]]);

    must(await setTimezone(g.deps, g.operator, "Europe/Paris"));
    expect(schedule("chair.succession")).toEqual([["chair.succession", "2026-07-01T10:00:00.000Z", "pending", 12]]);
    await fireAt("2026-07-01T10:00:00Z");
    expect(sent("chair.succession")).toHaveLength(1);
  });

  it("goes out now when a shorter offset moves a pending alert into the past, and one already sent stays sent", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], start: "2026-06-01T09:00:00Z" });
    must(await handOverChair(g.deps, g.operator, { agency: "NASA", user: nasa1, from: "2025-07-01" }));
    // Eleven months into the term: the succession alert (12 months) is pending; shorten it to 10.
    await run(g, g.operator, "/setup reminders chair:10,18");
    expect(schedule("chair.succession")).toEqual([["chair.succession", "2026-06-01T09:00:00.000Z", "pending", 10]]);
    await fireAt("2026-06-01T09:00:00Z");
    expect(sent("chair.succession")).toHaveLength(1);
    // Moving it again does not bring it back.
    await run(g, g.operator, "/setup reminders chair:9,18");
    expect(schedule("chair.succession").map((j) => j[2])).toEqual(["done"]);
  });
});
