// Reading a WHEN (deadlines) and a calendar date in the group's time zone: src/core/shared/when.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterDuration, parseDuration, resolveDate, resolveWhen } from "../../src/core/shared/when.ts";

const NOW = new Date("2026-01-15T10:00:00.000Z");
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const when = (text: string, zone = "Europe/Paris"): string | null => iso(resolveWhen(text, NOW, zone));

describe("parseDuration: compound durations, largest unit first", () => {
  it("adds up the parts", () => {
    expect(parseDuration("1d12h")).toBe(36 * 3_600_000);
    expect(parseDuration("2w")).toBe(14 * 86_400_000);
    expect(parseDuration("1W1D1H1M")).toBe(604_800_000 + 86_400_000 + 3_600_000 + 60_000);
  });

  it.each(["", "d", "12", "12h1d", "1d1d", "1y", "1d 12h", "-1d", "1.5d"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("refuses an amount that lands beyond any date", () => {
    expect(parseDuration("99999999999999999999w")).toBeNull();
    expect(afterDuration("99999999999999w", NOW)).toBeNull();
    expect(resolveWhen("99999999999999w", NOW, "UTC")).toBeNull();
  });
});

describe("resolveWhen: offsets that exist", () => {
  it.each(["2026-12-01T10:00+99:99", "2026-12-01T10:00+15:00", "2026-12-01T10:00-13:00", "2026-12-01T10:00+01:60"])("refuses %s", (text) => {
    expect(resolveWhen(text, NOW, "UTC")).toBeNull();
  });

  it("reads the extreme offsets there are", () => {
    expect(when("2026-12-01T10:00+14:00")).toBe("2026-11-30T20:00:00.000Z");
    expect(when("2026-12-01T10:00-12:00")).toBe("2026-12-01T22:00:00.000Z");
    expect(when("2026-12-01T10:00+0545")).toBe("2026-12-01T04:15:00.000Z");
  });
});

describe("resolveWhen: durations from now", () => {
  it.each([
    ["90m", "2026-01-15T11:30:00.000Z"],
    ["48h", "2026-01-17T10:00:00.000Z"],
    ["7d", "2026-01-22T10:00:00.000Z"],
    ["2w", "2026-01-29T10:00:00.000Z"],
    ["7D", "2026-01-22T10:00:00.000Z"],
    [" 7d ", "2026-01-22T10:00:00.000Z"],
    ["0m", "2026-01-15T10:00:00.000Z"],
    ["1d12h", "2026-01-16T22:00:00.000Z"],
    ["1w2d6h30m", "2026-01-24T16:30:00.000Z"],
    ["1h30m", "2026-01-15T11:30:00.000Z"],
  ])("%s", (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it("does not depend on the time zone, even an unknown one", () => {
    expect(when("7d", "Pacific/Auckland")).toBe(when("7d", "UTC"));
    expect(when("7d", "Not/AZone")).toBe("2026-01-22T10:00:00.000Z");
  });

  it("adds exactly the duration for any reasonable amount", () => {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom("m", "h", "d", "w" as const), (amount, unit) => {
        expect(resolveWhen(`${amount}${unit}`, NOW, "UTC")!.getTime()).toBe(NOW.getTime() + amount * unitMs[unit]);
      }),
    );
  });

  // BUG: src/core/shared/when.ts:14 — a duration too large for a Date (e.g. "100000000000d", which the
  // catalogue's WHEN pattern accepts) gives an Invalid Date instead of null. openPollIn then lets it
  // through (NaN <= now is false) and Prisma throws, so `/poll open title:x closes:100000000000d`
  // answers "Something went wrong on my side" instead of the invalid_date refusal.
  it("gives null, not an Invalid Date, for a duration beyond the calendar", () => {
    expect(resolveWhen("100000000000d", NOW, "UTC")).toBeNull();
  });
});

describe("resolveWhen: date-times with an offset", () => {
  it.each([
    ["2026-12-01T14:00+02:00", "2026-12-01T12:00:00.000Z"],
    ["2026-12-01T14:00+0200", "2026-12-01T12:00:00.000Z"],
    ["2026-12-01T14:00-05:00", "2026-12-01T19:00:00.000Z"],
    ["2026-12-01T14:00Z", "2026-12-01T14:00:00.000Z"],
    ["2026-12-01 14:00Z", "2026-12-01T14:00:00.000Z"],
    ["2026-12-01T14:00:30.250Z", "2026-12-01T14:00:30.250Z"],
  ])("%s is that instant, whatever the group's zone", (text, expected) => {
    expect(when(text, "Europe/Paris")).toBe(expected);
    expect(when(text, "Asia/Tokyo")).toBe(expected);
  });
});

describe("resolveWhen: local date-times read in the group's zone", () => {
  it("in Paris in winter (UTC+1)", () => {
    expect(when("2026-12-01T14:00", "Europe/Paris")).toBe("2026-12-01T13:00:00.000Z");
    expect(when("2026-12-01 14:00", "Europe/Paris")).toBe("2026-12-01T13:00:00.000Z");
  });

  it("in Paris in summer (UTC+2)", () => {
    expect(when("2026-07-01T14:00", "Europe/Paris")).toBe("2026-07-01T12:00:00.000Z");
    expect(when("2026-07-01T14:00:30", "Europe/Paris")).toBe("2026-07-01T12:00:30.000Z");
  });

  it("on either side of the spring change in Paris (29 March 2026)", () => {
    expect(when("2026-03-29T01:30", "Europe/Paris")).toBe("2026-03-29T00:30:00.000Z");
    expect(when("2026-03-29T03:30", "Europe/Paris")).toBe("2026-03-29T01:30:00.000Z");
  });

  it("in other zones", () => {
    expect(when("2026-12-01T14:00", "UTC")).toBe("2026-12-01T14:00:00.000Z");
    expect(when("2026-12-01T14:00", "America/New_York")).toBe("2026-12-01T19:00:00.000Z");
    expect(when("2026-12-01T09:00", "Asia/Kolkata")).toBe("2026-12-01T03:30:00.000Z");
  });
});

describe("resolveWhen: a bare date is the end of that day in the zone", () => {
  it.each([
    ["Europe/Paris", "2026-12-01", "2026-12-01T22:59:59.000Z"],
    ["Europe/Paris", "2026-07-01", "2026-07-01T21:59:59.000Z"],
    ["UTC", "2026-12-01", "2026-12-01T23:59:59.000Z"],
    ["Asia/Tokyo", "2026-12-01", "2026-12-01T14:59:59.000Z"],
    ["America/Los_Angeles", "2026-12-01", "2026-12-02T07:59:59.000Z"],
  ])("in %s, %s closes at %s", (zone, text, expected) => {
    expect(when(text, zone)).toBe(expected);
  });

  it("is later than any time of that day and earlier than the next day", () => {
    const endOfDay = resolveWhen("2026-12-01", NOW, "Europe/Paris")!;
    expect(endOfDay.getTime()).toBeGreaterThan(resolveWhen("2026-12-01T23:59", NOW, "Europe/Paris")!.getTime());
    expect(endOfDay.getTime()).toBeLessThan(resolveWhen("2026-12-02T00:00", NOW, "Europe/Paris")!.getTime());
  });
});

describe("resolveWhen: what cannot be read gives null", () => {
  it.each(["", "tomorrow", "7", "7y", "2026-02-30", "2026-13-01", "2026-12-01T25:00", "12/01/2026"])("%j", (text) => {
    expect(resolveWhen(text, NOW, "Europe/Paris")).toBeNull();
  });

  it("a date in an unknown zone", () => {
    expect(resolveWhen("2026-12-01", NOW, "Not/AZone")).toBeNull();
    expect(resolveWhen("2026-12-01T14:00", NOW, "Not/AZone")).toBeNull();
  });
});

describe("resolveDate: the start of a calendar day in the zone", () => {
  it.each([
    ["Europe/Paris", "2026-12-01", "2026-11-30T23:00:00.000Z"],
    ["Europe/Paris", "2026-07-01", "2026-06-30T22:00:00.000Z"],
    ["UTC", "2026-12-01", "2026-12-01T00:00:00.000Z"],
    ["America/New_York", "2026-12-01", "2026-12-01T05:00:00.000Z"],
  ])("in %s, %s starts at %s", (zone, text, expected) => {
    expect(iso(resolveDate(text, zone))).toBe(expected);
  });

  it("trims the text", () => {
    expect(iso(resolveDate(" 2026-12-01 ", "UTC"))).toBe("2026-12-01T00:00:00.000Z");
  });

  it.each([
    ["2026-02-30", "UTC"],
    ["2026-13-01", "UTC"],
    ["not a date", "UTC"],
    ["", "UTC"],
    ["2026-12-01", "Not/AZone"],
  ])("%j in %s is null", (text, zone) => {
    expect(resolveDate(text, zone)).toBeNull();
  });
});
