// Calendar dates (YYYY-MM-DD) as the group reads them: a letter received on a day, a chair taking
// office on a day. They are compared as text, which orders ISO dates correctly.
import { DateTime } from "luxon";

/** A real date written YYYY-MM-DD (2026-02-30 is not one). */
export const isCalendarDate = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: "UTC" }).isValid;

/** The date it is at `now` in the zone. */
export const todayIn = (now: Date, zone: string): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** Whole months, then the remaining days, from one date to a later one: "1 year 2 months 3 days" reads better than days. */
export function elapsedSince(from: string, to: string): { months: number; days: number } {
  const diff = DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), ["months", "days"]);
  return { months: Math.max(0, Math.floor(diff.months)), days: Math.max(0, Math.floor(diff.days)) };
}

export function describeElapsed(e: { months: number; days: number }): string {
  const years = Math.floor(e.months / 12);
  const months = e.months % 12;
  const parts = [
    years ? `${years} year${years === 1 ? "" : "s"}` : "",
    months ? `${months} month${months === 1 ? "" : "s"}` : "",
    e.days || (!years && !months) ? `${e.days} day${e.days === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return parts.join(" ");
}
