import type { Tx } from "../store.ts";
import { announcementKey, type Announcement } from "./announcement.ts";

/**
 * Posts an announcement to every bound announcement channel, on every platform. Its outbox key is
 * the announcement's own, so later edits and retractions find every place it went.
 */
export async function publishAnnouncement(tx: Tx, announcement: Announcement, now: Date, actorId: number | null): Promise<Announcement> {
  const posted = await tx.announcements.update(announcement.id, { status: "posted", postedAt: now });
  await tx.audit.append({ groupId: announcement.groupId, at: now, actorId, action: "announcement.posted", subject: announcementKey(announcement.id) });
  await tx.outbox.enqueue(
    {
      groupId: announcement.groupId,
      idempotencyKey: announcementKey(announcement.id),
      audience: { kind: "channel", purpose: "announcements" },
      text: posted.text,
      data: { id: announcement.id, event: "announcement" },
    },
    now,
  );
  return posted;
}
