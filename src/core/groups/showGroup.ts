// `/group show`: the group this server or workspace belongs to, and every workspace in it.
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Group, WorkspaceRef } from "../setup/group.ts";

export async function showGroup(deps: Deps, caller: Caller): Promise<Result<{ group: Group; workspaces: WorkspaceRef[] }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "group show");
    if (!actor.ok) return actor;
    const group = (await tx.groups.byId(caller.groupId))!;
    return ok({ group, workspaces: await tx.groups.workspaces(group.id) });
  });
}
