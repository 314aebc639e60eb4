// Calendar updates: every change a calendar shows raises the meeting's SEQUENCE and its LAST-MODIFIED,
// in /meeting ics and in the group's feed, so that a client applies a new venue or a cancellation to the
// event it imported. And the feed's secret address: shown once, stored as a hash only, rotated, revoked.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { hashFeedToken, manageCalendarFeed, readCalendarFeed } from "../../src/core/meetings/calendarFeed.ts";
import { meetingCalendar } from "../../src/core/meetings/meetingCalendar.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { auditRows, expectRefusedWithoutWrites } from "../support/governance.ts";
import { must } from "../support/group.ts";
import { agreeVenue, meetingWorld, newMeeting, type MeetingWorld } from "../support/meetingWorld.ts";

let world: MeetingWorld | undefined;
afterEach(async () => {
  await world?.cleanup();
  world = undefined;
});

type Vevent = InstanceType<typeof ICAL.Event>;
const eventsOf = (ics: string): Vevent[] =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
const sequenceOf = (event: Vevent) => event.component.getFirstPropertyValue("sequence");
const lastModifiedOf = (event: Vevent) => (event.component.getFirstPropertyValue("last-modified") as unknown as InstanceType<typeof ICAL.Time>).toJSDate().toISOString();
const statusOf = (event: Vevent) => event.component.getFirstPropertyValue("status");

describe("calendar updates", () => {
  it("raise SEQUENCE and LAST-MODIFIED on each change a calendar shows, under the same UID", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w);
    const ics = async () => eventsOf(must(await meetingCalendar(w.deps, w.operator, m.id)).ics)[0]!;
    const created = await ics();
    expect(sequenceOf(created)).toBe(0);
    expect(lastModifiedOf(created)).toBe("2026-06-01T08:00:00.000Z");

    w.clock.advance(60 * 60 * 1000);
    await agreeVenue(w, m.id);
    const agreed = await ics();
    expect(sequenceOf(agreed)).toBe(1);
    expect(agreed.location).toBe("Noordwijk, Netherlands (ESTEC)");
    // The venue poll was adopted at the last position, an hour in (positions take no time on this clock).
    expect(lastModifiedOf(agreed)).toBe("2026-06-01T09:00:00.000Z");

    w.clock.advance(60 * 60 * 1000);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    expect(sequenceOf(await ics())).toBe(2);

    w.clock.advance(60 * 60 * 1000);
    must(await cancelMeeting(w.deps, w.operator, m.id));
    const cancelled = await ics();
    expect(cancelled.uid).toBe(created.uid);
    expect(sequenceOf(cancelled)).toBe(3);
    expect(statusOf(cancelled)).toBe("CANCELLED");
    expect(lastModifiedOf(cancelled)).toBe("2026-06-01T11:00:00.000Z");
    // Reading the calendar changes nothing.
    expect(sequenceOf(await ics())).toBe(3);
  });
});

describe("the calendar feed", () => {
  it("serves every meeting of the group; a cancellation is an update of the same event with a higher SEQUENCE", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const plenary = await newMeeting(w, { title: "Plenary" });
    const workshop = await newMeeting(w, { title: "Workshop", kind: "workshop", startsOn: "2026-11-02", endsOn: "2026-11-03" });
    const issued = must(await manageCalendarFeed(w.deps, w.operator, "show"));
    if (issued.state !== "issued") throw new Error(`expected a new address, got ${issued.state}`);
    expect(issued.replaced).toBe(false);

    const before = eventsOf((await readCalendarFeed(w.deps, issued.token))!.ics);
    expect(before.map((e) => e.summary)).toEqual(["Plenary", "Workshop"]);
    const calendar = new ICAL.Component(ICAL.parse((await readCalendarFeed(w.deps, issued.token))!.ics));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(`${(await w.deps.store.transaction((tx) => tx.groups.byId(w.groupId)))!.name}: meetings`);

    w.clock.advance(24 * 60 * 60 * 1000);
    must(await cancelMeeting(w.deps, w.operator, workshop.id));
    const after = eventsOf((await readCalendarFeed(w.deps, issued.token))!.ics);
    const [was, now] = [before.find((e) => e.summary === "Workshop")!, after.find((e) => e.summary === "Workshop")!];
    expect(now.uid).toBe(was.uid);
    expect(Number(sequenceOf(now))).toBeGreaterThan(Number(sequenceOf(was)));
    expect(statusOf(now)).toBe("CANCELLED");
    expect(lastModifiedOf(now)).toBe("2026-06-02T08:00:00.000Z");
    // The other meeting did not change.
    expect(sequenceOf(after.find((e) => e.summary === "Plenary")!)).toBe(sequenceOf(before.find((e) => e.summary === "Plenary")!));
    expect(plenary.id).not.toBe(workshop.id);
  });

  it("keeps only the hash of the secret, shows the address once, rotates and revokes it, and is for the Secretariat alone", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    await newMeeting(w);
    await expectRefusedWithoutWrites(w, () => manageCalendarFeed(w.deps, w.rep("NASA"), "show"), "role_required");

    const first = must(await manageCalendarFeed(w.deps, w.operator, "show"));
    if (first.state !== "issued") throw new Error("expected a new address");
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = w.rows<{ tokenHash: string }>(`SELECT "tokenHash" FROM "CalendarFeed"`);
    expect(stored).toEqual([{ tokenHash: hashFeedToken(first.token) }]);
    // The secret itself is nowhere in the database file, nor in its write-ahead log.
    // (On SQLite, where the database is a file to look into.)
    if (!/^postgres/.test(w.dbPath)) for (const file of [w.dbPath, `${w.dbPath}-wal`]) expect(readFileSync(file).includes(first.token)).toBe(false);

    expect(must(await manageCalendarFeed(w.deps, w.operator, "show"))).toEqual({ state: "exists", since: new Date("2026-06-01T08:00:00Z") });
    const second = must(await manageCalendarFeed(w.deps, w.operator, "rotate"));
    if (second.state !== "issued") throw new Error("expected a new address");
    expect(second.replaced).toBe(true);
    expect(await readCalendarFeed(w.deps, first.token)).toBeNull();
    expect(await readCalendarFeed(w.deps, second.token)).not.toBeNull();
    // A guess of the right shape, and nonsense, find nothing.
    expect(await readCalendarFeed(w.deps, "A".repeat(43))).toBeNull();
    expect(await readCalendarFeed(w.deps, "../../etc/passwd")).toBeNull();

    expect(must(await manageCalendarFeed(w.deps, w.operator, "revoke"))).toEqual({ state: "revoked", existed: true });
    expect(await readCalendarFeed(w.deps, second.token)).toBeNull();
    expect(must(await manageCalendarFeed(w.deps, w.operator, "revoke"))).toEqual({ state: "revoked", existed: false });
    expect(auditRows(w, { subject: `group:${w.groupId}:calendar-feed` }).map((r) => r.action)).toEqual(["calendar_feed.issued", "calendar_feed.rotated", "calendar_feed.revoked"]);
  });
});
