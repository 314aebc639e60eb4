// Durations and instants for tests that move a ManualClock, in milliseconds as Date arithmetic wants them.
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const later = (from: Date, ms: number): Date => new Date(from.getTime() + ms);
