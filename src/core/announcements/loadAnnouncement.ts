import { refuse, ok, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { Announcement } from "./announcement.ts";

/**
 * An announcement of the group that can still change (not retracted), locked first: a retraction and
 * the job posting it at that moment then run one after the other, and the second sees what the first did.
 */
export async function loadChangeableAnnouncement(tx: Tx, groupId: number, id: number): Promise<Result<Announcement>> {
  await tx.announcements.lock(id);
  const announcement = await tx.announcements.byId(id);
  if (!announcement || announcement.groupId !== groupId) return refuse({ reason: "announcement_not_found", id });
  if (announcement.status === "retracted") return refuse({ reason: "announcement_retracted", id });
  return ok(announcement);
}
