// `/group join code:…`: an operator named in the configuration, in a Discord server or Slack workspace
// that belongs to no group, gives back a code from /group code; the workspace then belongs to the
// code's group. An unknown, expired or used code is refused in the same words.
import { denial } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import type { Identity } from "../people/person.ts";
import { findOrCreateUser } from "../people/userRef.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group, WorkspaceRef } from "../setup/group.ts";
import { joinCodeHash } from "./giveJoinCode.ts";
import { isConfiguredOperator, operatorRef, refuseReplayOf, type Speaker } from "./speaker.ts";

export async function joinWorkspace(deps: Deps, speaker: Speaker, workspace: WorkspaceRef | null, code: string, operators: readonly Identity[]): Promise<Result<{ group: Group; workspace: WorkspaceRef }>> {
  return deps.store.transaction(async (tx) => {
    await refuseReplayOf(tx, speaker);
    const denied = denial(null, "group join", { configuredOperator: isConfiguredOperator(speaker, operators) });
    if (denied) return refuse(denied);
    if (!workspace) return refuse({ reason: "group_code_in_shell" });
    const existing = await tx.groups.ofWorkspace(workspace);
    if (existing) return refuse({ reason: "workspace_has_group", platform: workspace.platform, name: existing.name });
    const now = deps.clock.now();
    const found = await tx.groups.joinCodeByHash(joinCodeHash(code));
    if (!found || found.usedAt !== null || found.expiresAt.getTime() <= now.getTime()) return refuse({ reason: "join_code_invalid" });
    const group = await tx.groups.byId(found.groupId);
    if (!group || !(await tx.groups.useJoinCode(found.id, now))) return refuse({ reason: "join_code_invalid" });
    await tx.groups.addWorkspace(group.id, workspace, now);
    // The operator who joined it can bind its channels next.
    const person = await findOrCreateUser(tx, group.id, operatorRef(speaker));
    if (!person.roles.includes("operator")) await tx.people.grantRole(person.id, "operator");
    await tx.audit.append({ groupId: group.id, at: now, actorId: person.id, action: "workspace.joined", subject: `group:${group.id}`, details: { workspace, codeFrom: found.platform } });
    return ok({ group, workspace });
  });
}
