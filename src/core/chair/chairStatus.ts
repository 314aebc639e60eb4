import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { elapsedSince, todayIn } from "../shared/calendarDate.ts";
import { ok, type Result } from "../shared/result.ts";
import { chairAlertOffsets } from "./chairJobs.ts";

export interface ChairTermView {
  id: number;
  handle: string;
  code: string;
  startsOn: string;
  endedOn: string | null;
}

export interface ChairStatus {
  current: (ChairTermView & { elapsed: { months: number; days: number }; stage: "in term" | "succession due" | "overdue" }) | null;
  /** Every term, oldest first; each one after the first is a handover. */
  history: ChairTermView[];
  /** People who hold the chair role, for a group whose chair was granted the role before terms were recorded. */
  roleHolders: string[];
  offsets: { succession: number; overdue: number };
}

/** Who chairs, since when and for how long, and every handover before. */
export async function chairStatus(deps: Deps, caller: Caller): Promise<Result<ChairStatus>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "chair status");
    if (!asker.ok) return asker;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const people = new Map((await tx.people.list(caller.groupId)).map((p) => [p.id, p.handle]));
    const codes = new Map((await tx.agencies.list(caller.groupId)).map((a) => [a.id, a.code]));
    const history = (await tx.chairTerms.list(caller.groupId)).map(
      (t): ChairTermView => ({ id: t.id, handle: people.get(t.personId) ?? `person ${t.personId}`, code: codes.get(t.agencyId) ?? `agency ${t.agencyId}`, startsOn: t.startsOn, endedOn: t.endedOn }),
    );
    const offsets = chairAlertOffsets(group);
    const open = history.filter((t) => t.endedOn === null).at(-1);
    let current: ChairStatus["current"] = null;
    if (open) {
      const elapsed = elapsedSince(open.startsOn, todayIn(deps.clock.now(), group.timezone));
      const stage = elapsed.months >= offsets.overdue ? "overdue" : elapsed.months >= offsets.succession ? "succession due" : "in term";
      current = { ...open, elapsed, stage };
    }
    const roleHolders = (await tx.people.listWithRole(caller.groupId, "chair")).map((p) => p.handle);
    return ok({ current, history, roleHolders, offsets });
  });
}
