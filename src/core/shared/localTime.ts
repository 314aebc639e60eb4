import { DateTime, IANAZone } from "luxon";

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** The calendar year of an instant in the group's time zone (decision numbers follow the local year). */
export const yearIn = (at: Date, zone: string): number => DateTime.fromJSDate(at, { zone }).year;

/** How the shell and exports show an instant: the group's local time, with its zone abbreviation. */
export const formatLocal = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
