// The words the bot uses about meetings, shared by replies, announcements and reminders.
import type { Meeting } from "./meeting.ts";

export const meetingLabel = (m: Pick<Meeting, "id" | "title">): string => `meeting #${m.id} «${m.title}»`;

/** "2026-10-12 to 2026-10-14 (Europe/Paris)", or one date for a one-day meeting. */
export const describeDates = (m: Pick<Meeting, "startsOn" | "endsOn" | "timezone">): string =>
  `${m.startsOn === m.endsOn ? m.startsOn : `${m.startsOn} to ${m.endsOn}`} (${m.timezone})`;

/** "Noordwijk, Netherlands (ESTEC)", "online: https://…" for an online meeting, or null while no venue is agreed. */
export function describePlace(m: Pick<Meeting, "city" | "country" | "venue" | "onlineUrl">): string | null {
  if (m.onlineUrl) return `online: ${m.onlineUrl}`;
  if (!m.city) return null;
  return `${m.city}, ${m.country}${m.venue ? ` (${m.venue})` : ""}`;
}

export const listAnd = (items: string[]): string => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** For a label that opens a sentence: "Meeting #3 «…» is scheduled." */
export const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
