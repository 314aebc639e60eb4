import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { announcementKey, type Announcement } from "./announcement.ts";
import { cancelAnnouncementPost } from "./announcementJobs.ts";
import { loadChangeableAnnouncement } from "./loadAnnouncement.ts";

/**
 * Retracts an announcement: one not posted yet is cancelled; one already posted is removed wherever it
 * went, on every platform, through the outbox. It stays stored, marked retracted.
 */
export async function retractAnnouncement(deps: Deps, caller: Caller, id: number): Promise<Result<{ announcement: Announcement; wasPosted: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "announcement retract");
    if (!actor.ok) return actor;
    const found = await loadChangeableAnnouncement(tx, caller.groupId, id);
    if (!found.ok) return found;
    const before = found.value;
    const now = deps.clock.now();
    const subject = announcementKey(id);
    const wasPosted = before.status === "posted";

    const after = await tx.announcements.update(id, { status: "retracted", retractedAt: now });
    await cancelAnnouncementPost(tx, id);
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "announcement.retracted", subject, details: { wasPosted } });
    if (wasPosted) {
      await tx.outbox.enqueue(
        {
          groupId: caller.groupId,
          idempotencyKey: `${subject}:retract`,
          audience: { kind: "channel", purpose: "announcements" },
          text: before.text,
          data: { id, event: "announcement.retracted" },
          action: "delete",
          target: subject,
        },
        now,
      );
    }
    return ok({ announcement: after, wasPosted });
  });
}
