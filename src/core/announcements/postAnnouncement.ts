import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { announcementKey, type Announcement } from "./announcement.ts";
import { scheduleAnnouncementPost } from "./announcementJobs.ts";
import { publishAnnouncement } from "./publishAnnouncement.ts";

export interface AnnounceInput {
  text: string;
  /** When to post it; now when absent. */
  at?: Date | undefined;
}

/** The Secretariat's announcement: stored, and posted now or at the time it names. */
export async function postAnnouncement(deps: Deps, caller: Caller, input: AnnounceInput): Promise<Result<Announcement>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "announce");
    if (!actor.ok) return actor;
    const now = deps.clock.now();
    const postAt = input.at ?? now;
    if (postAt.getTime() < now.getTime()) return refuse({ reason: "date_in_past", option: "at" });

    const announcement = await tx.announcements.create({ groupId: caller.groupId, text: input.text.trim(), postAt, status: "scheduled", createdById: actor.value.id, createdAt: now });
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "announcement.created",
      subject: announcementKey(announcement.id),
      details: { text: announcement.text, postAt: postAt.toISOString() },
    });
    if (postAt.getTime() === now.getTime()) return ok(await publishAnnouncement(tx, announcement, now, actor.value.id));
    await scheduleAnnouncementPost(tx, announcement);
    return ok(announcement);
  });
}
