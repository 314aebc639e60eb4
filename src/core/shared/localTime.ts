import { DateTime, IANAZone } from "luxon";

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** The calendar year of an instant in the group's time zone (decision numbers follow the local year). */
export const yearIn = (at: Date, zone: string): number => DateTime.fromJSDate(at, { zone }).year;

/** How the shell and exports show an instant: the group's local time, with its zone abbreviation. */
export const formatLocal = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");

/**
 * A wall-clock moment in a zone, counted in calendar days or months from a local date: "09:00 in
 * Europe/Paris, 30 days before 2026-11-05" stays at 09:00 local across a daylight-saving change.
 */
export function localMoment(date: string, zone: string, shift: { days?: number; months?: number }, hour = 9, minute = 0): Date {
  return DateTime.fromISO(date, { zone })
    .plus({ days: shift.days ?? 0, months: shift.months ?? 0 })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
}
