// A scheduled announcement is posted by a job in the "announcement" phase, after the reminders and
// closings due at the same instant. Its dedupe key carries the time, so moving it never revives the old one.
import type { Tx } from "../store.ts";
import type { Announcement } from "./announcement.ts";

export const ANNOUNCEMENT_POST = "announcement.post";
export const announcementJobPrefix = (id: number): string => `announcement:${id}:post:`;

export async function scheduleAnnouncementPost(tx: Tx, announcement: Announcement): Promise<void> {
  await tx.jobs.schedule({
    groupId: announcement.groupId,
    kind: ANNOUNCEMENT_POST,
    dueAt: announcement.postAt,
    payload: { announcementId: announcement.id },
    dedupeKey: `${announcementJobPrefix(announcement.id)}${announcement.postAt.toISOString()}`,
  });
}

export const cancelAnnouncementPost = (tx: Tx, id: number): Promise<number> => tx.jobs.cancelPending(announcementJobPrefix(id));
