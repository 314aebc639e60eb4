import { DateTime } from "luxon";

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * A duration: one or more amounts with units, largest first and each unit once, such as 90m, 48h, 7d,
 * 2w, 1d12h or 1w2d6h30m (m is minutes).
 */
export const DURATION = /^(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i;

/** The length of a duration in milliseconds, or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || match.slice(1).every((part) => part === undefined)) return null;
  const [, w, d, h, m] = match;
  const ms = Number(w ?? 0) * UNIT_MS.w + Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m;
  return Number.isSafeInteger(ms) ? ms : null;
}

/** The instant a duration after `now`, or null when the text is not a duration or lands beyond any date. */
export function afterDuration(text: string, now: Date): Date | null {
  const ms = parseDuration(text);
  if (ms === null) return null;
  const at = new Date(now.getTime() + ms);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A UTC offset that exists: from -12:00 to +14:00, with minutes under 60 (+99:99 is not one). */
const OFFSET = /(?:Z|([+-])(\d{2}):?(\d{2}))$/i;
function offsetExists(iso: string): boolean {
  const match = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(.*)$/.exec(iso);
  const suffix = match?.[1] ?? "";
  if (suffix === "") return true;
  const offset = OFFSET.exec(suffix);
  if (!offset || offset[0] !== suffix) return false;
  if (!offset[1]) return true;
  const minutes = Number(offset[2]) * 60 + Number(offset[3]);
  return Number(offset[3]) < 60 && (offset[1] === "+" ? minutes <= 14 * 60 : minutes <= 12 * 60);
}

/**
 * Reads a WHEN: a duration from now (90m, 48h, 7d, 2w, 1d12h), an ISO date-time with an offset, or a
 * date or date-time without one, read in the group's time zone. A bare date means the end of that day
 * there, which is what "closes 2026-12-01" means to a delegate.
 */
export function resolveWhen(text: string, now: Date, zone: string): Date | null {
  if (DURATION.test(text.trim())) return afterDuration(text, now);
  const iso = text.trim().replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const day = DateTime.fromISO(iso, { zone });
    return day.isValid ? day.endOf("day").set({ millisecond: 0 }).toJSDate() : null;
  }
  if (!offsetExists(iso)) return null;
  const at = DateTime.fromISO(iso, { zone, setZone: false });
  return at.isValid ? at.toJSDate() : null;
}

/** A calendar date (YYYY-MM-DD) as the start of that day in the zone. */
export function resolveDate(text: string, zone: string): Date | null {
  const day = DateTime.fromISO(text.trim(), { zone });
  return day.isValid ? day.startOf("day").toJSDate() : null;
}
