// Meeting dates are calendar dates in the meeting's own time zone. Everything derived from them
// (reminders at 09:00, the advisor notice period) is computed with luxon in that zone, so that a
// change to or from daylight saving time keeps 09:00 local.
import { DateTime } from "luxon";

/** Reminders and alerts about meetings go out at this local hour. */
export const LOCAL_REMINDER_HOUR = 9;

/** A valid calendar date (2026-02-30 is not one), normalised as YYYY-MM-DD, or null. */
export function calendarDate(text: string, zone: string): string | null {
  const day = DateTime.fromISO(text.trim(), { zone });
  return day.isValid ? day.toISODate() : null;
}

/** The calendar date of an instant in the zone. */
export const localDate = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISODate()!;

/** A calendar date moved by whole days or months (months end on their last day if needed). */
export const shiftDate = (date: string, shift: { days?: number; months?: number }): string => DateTime.fromISO(date, { zone: "UTC" }).plus(shift).toISODate()!;

/** Whole days from one calendar date to another (negative when `to` comes first). */
export const daysBetween = (from: string, to: string): number =>
  Math.round(DateTime.fromISO(to, { zone: "UTC" }).diff(DateTime.fromISO(from, { zone: "UTC" }), "days").days);

/** The instant it is LOCAL_REMINDER_HOUR o'clock on that date, in the zone. */
export const reminderTimeOn = (date: string, zone: string): Date =>
  DateTime.fromISO(date, { zone }).set({ hour: LOCAL_REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
