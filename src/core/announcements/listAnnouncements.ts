import { requireKnown, type Caller } from "../access/actor.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Announcement } from "./announcement.ts";

/** The group's announcements, newest first, whatever their status. */
export async function listAnnouncements(deps: Deps, caller: Caller): Promise<Result<Announcement[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await requireKnown(tx, caller);
    if (!asker.ok) return asker;
    return ok(await tx.announcements.list(caller.groupId));
  });
}
