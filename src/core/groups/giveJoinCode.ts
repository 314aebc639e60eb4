// `/group code`: an operator of a group, speaking from one of its workspaces, asks for a one-time code
// that joins another workspace (the group's Slack workspace to its Discord server, say) to the group.
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { codeHash, newCode, ONE_TIME_CODE_MS, shownCode } from "../shared/oneTimeCode.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group, WorkspaceRef } from "../setup/group.ts";

/** Join codes are hashed apart from account link codes, so that neither stands for the other. */
export const joinCodeHash = (code: string): string => codeHash("workspace-join", code);

export interface JoinCodeIssued {
  code: string;
  expiresAt: Date;
  group: Group;
}

export async function giveJoinCode(deps: Deps, caller: Caller, workspace: WorkspaceRef | null): Promise<Result<JoinCodeIssued>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "group code");
    if (!actor.ok) return actor;
    if (!workspace) return refuse({ reason: "group_code_in_shell" });
    const group = (await tx.groups.byId(caller.groupId))!;
    const raw = newCode();
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + ONE_TIME_CODE_MS);
    await tx.groups.createJoinCode({ groupId: group.id, platform: caller.platform, codeHash: joinCodeHash(raw), createdById: actor.value.id, createdAt: now, expiresAt });
    await tx.audit.append({ groupId: group.id, at: now, actorId: actor.value.id, action: "workspace.code", subject: `group:${group.id}`, details: { platform: caller.platform, workspace: workspace.id } });
    return ok({ code: shownCode(raw), expiresAt, group });
  });
}
