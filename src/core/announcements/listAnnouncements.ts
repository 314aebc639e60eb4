import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Announcement } from "./announcement.ts";

/** The group's announcements, newest first, whatever their status. */
export async function listAnnouncements(deps: Deps, caller: Caller): Promise<Result<Announcement[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "announcement list");
    if (!asker.ok) return asker;
    return ok(await tx.announcements.list(caller.groupId));
  });
}
