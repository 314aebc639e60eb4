// The shell's `:group ID`: the shell works in one group at a time, and switches only to a group that
// knows the speaker, so that nobody reads or acts in a group they do not belong to.
import { identify, type Caller } from "../access/actor.ts";
import { isMember } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group } from "../setup/group.ts";

export async function enterGroup(deps: Deps, caller: Caller): Promise<Result<Group>> {
  return deps.store.transaction(async (tx) => {
    const group = await tx.groups.byId(caller.groupId);
    if (!group) return refuse({ reason: "group_not_found", id: caller.groupId });
    if (!isMember(await identify(tx, caller))) return refuse({ reason: "not_in_group", id: group.id, name: group.name });
    return ok(group);
  });
}

/** Every group, for the shell's `:groups`. */
export const listGroups = (deps: Deps): Promise<Group[]> => deps.store.transaction((tx) => tx.groups.list());
