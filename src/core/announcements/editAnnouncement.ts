import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { announcementKey, type Announcement } from "./announcement.ts";
import { cancelAnnouncementPost, scheduleAnnouncementPost } from "./announcementJobs.ts";
import { loadChangeableAnnouncement } from "./loadAnnouncement.ts";
import { publishAnnouncement } from "./publishAnnouncement.ts";

export interface EditAnnouncementInput {
  id: number;
  text?: string | undefined;
  /** A scheduled announcement may also move. */
  at?: Date | undefined;
}

/**
 * Changes an announcement. One not posted yet simply changes (and may move); one already posted is
 * edited wherever it went, on every platform, through the outbox.
 */
export async function editAnnouncement(deps: Deps, caller: Caller, input: EditAnnouncementInput): Promise<Result<Announcement>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "announcement edit");
    if (!actor.ok) return actor;
    const found = await loadChangeableAnnouncement(tx, caller.groupId, input.id);
    if (!found.ok) return found;
    const before = found.value;
    const text = input.text?.trim();
    if (!text && !input.at) return refuse({ reason: "announcement_edit_empty", id: before.id });
    const now = deps.clock.now();
    if (input.at && before.status === "posted") return refuse({ reason: "announcement_already_posted", id: before.id });
    if (input.at && input.at.getTime() < now.getTime()) return refuse({ reason: "date_in_past", option: "at" });

    const subject = announcementKey(before.id);
    // Each edit has its own outbox key: several edits at one instant (a script, a simulated clock) all go out.
    const edits = (await tx.audit.forSubject(caller.groupId, subject)).filter((e) => e.action === "announcement.edited").length;
    let after = await tx.announcements.update(before.id, { ...(text ? { text } : {}), ...(input.at ? { postAt: input.at } : {}), editedAt: now });
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "announcement.edited",
      subject,
      details: { edit: edits + 1, ...(text ? { from: before.text, to: text } : {}), ...(input.at ? { postAt: input.at.toISOString() } : {}) },
    });

    if (before.status === "scheduled" && input.at) {
      await cancelAnnouncementPost(tx, before.id);
      if (input.at.getTime() === now.getTime()) after = await publishAnnouncement(tx, after, now, actor.value.id);
      else await scheduleAnnouncementPost(tx, after);
    }
    if (before.status === "posted" && text) {
      await tx.outbox.enqueue(
        {
          groupId: caller.groupId,
          idempotencyKey: `${subject}:edit:${edits + 1}`,
          audience: { kind: "channel", purpose: "announcements" },
          text,
          data: { id: before.id, event: "announcement.edited" },
          action: "edit",
          target: subject,
        },
        now,
      );
    }
    return ok(after);
  });
}
