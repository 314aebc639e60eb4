import { DateTime } from "luxon";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Reads a WHEN: a duration from now (90m, 48h, 7d, 2w), an ISO date-time with an offset, or a date or
 * date-time without one, read in the group's time zone. A bare date means the end of that day there,
 * which is what "closes 2026-12-01" means to a delegate.
 */
export function resolveWhen(text: string, now: Date, zone: string): Date | null {
  const duration = /^(\d+)([mhdw])$/i.exec(text.trim());
  if (duration) {
    const unit = duration[2]!.toLowerCase() as keyof typeof UNIT_MS;
    const at = new Date(now.getTime() + Number(duration[1]) * UNIT_MS[unit]);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const iso = text.trim().replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const day = DateTime.fromISO(iso, { zone });
    return day.isValid ? day.endOf("day").set({ millisecond: 0 }).toJSDate() : null;
  }
  const at = DateTime.fromISO(iso, { zone, setZone: false });
  return at.isValid ? at.toJSDate() : null;
}

/** A calendar date (YYYY-MM-DD) as the start of that day in the zone. */
export function resolveDate(text: string, zone: string): Date | null {
  const day = DateTime.fromISO(text.trim(), { zone });
  return day.isValid ? day.startOf("day").toJSDate() : null;
}
