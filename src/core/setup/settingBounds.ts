// The bounds of every group setting, in one place: the catalogue's options are built from them (so a
// platform can offer them), and configureReminders refuses a value outside them with the range. Without
// bounds an offset of 10^20 hours became a date JavaScript cannot hold, and an internal error.
import type { ReminderSettings } from "./configureReminders.ts";

export interface SettingBound {
  /** The /setup reminders option that sets it. */
  option: string;
  min: number;
  max: number;
  unit: "hours" | "days" | "months";
  /** What the number counts, for the refusal. */
  meaning: string;
}

export const SETTING_BOUNDS: { [K in keyof Required<ReminderSettings>]: SettingBound } = {
  pollReminderHours: { option: "poll", min: 1, max: 2160, unit: "hours", meaning: "before a poll's deadline" },
  meetingReminderDays: { option: "meeting", min: 1, max: 365, unit: "days", meaning: "before a meeting starts" },
  annualAlertMonths: { option: "annual", min: 1, max: 12, unit: "months", meaning: "after the last plenary held" },
  chairAlertMonths: { option: "chair", min: 1, max: 36, unit: "months", meaning: "into a chair's term" },
  mandateAlertMonths: { option: "mandate", min: 1, max: 60, unit: "months", meaning: "before the mandate ends" },
  minutesReminderDays: { option: "minutes", min: 1, max: 365, unit: "days", meaning: "after a meeting" },
  catchUpFoldHours: { option: "fold", min: 1, max: 720, unit: "hours", meaning: "overdue" },
  advisorNoticeDays: { option: "notice", min: 1, max: 365, unit: "days", meaning: "before a meeting starts" },
};

/** At most this many offsets in one list (72,24 is two). */
export const MAX_OFFSETS = 10;

/** The first setting given outside its bounds, or null when all are within them. */
export function settingOutOfBounds(settings: ReminderSettings): (SettingBound & { value: number }) | null {
  for (const [key, bound] of Object.entries(SETTING_BOUNDS) as [keyof ReminderSettings, SettingBound][]) {
    const given = settings[key];
    if (given === undefined) continue;
    for (const value of Array.isArray(given) ? given : [given]) {
      if (!Number.isFinite(value) || value < bound.min || value > bound.max) return { ...bound, value };
    }
  }
  return null;
}
