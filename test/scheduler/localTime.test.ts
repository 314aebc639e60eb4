import { describe, expect, it } from "vitest";
import { localMoment } from "../../src/core/shared/localTime.ts";

describe("reminders at a local hour", () => {
  it("stay at 09:00 in Europe/Paris on both sides of the autumn change", () => {
    // The meeting starts on 5 November; Paris leaves summer time on 25 October 2026.
    const thirtyDaysBefore = localMoment("2026-11-05", "Europe/Paris", { days: -30 });
    const oneDayBefore = localMoment("2026-11-05", "Europe/Paris", { days: -1 });
    expect(thirtyDaysBefore.toISOString()).toBe("2026-10-06T07:00:00.000Z"); // 09:00 CEST
    expect(oneDayBefore.toISOString()).toBe("2026-11-04T08:00:00.000Z"); // 09:00 CET
  });

  it("count calendar months, not 30-day blocks", () => {
    expect(localMoment("2026-01-31", "UTC", { months: 1 }).toISOString()).toBe("2026-02-28T09:00:00.000Z");
    expect(localMoment("2027-03-15", "America/New_York", { months: -12 }, 9).toISOString()).toBe("2026-03-15T13:00:00.000Z");
  });
});
