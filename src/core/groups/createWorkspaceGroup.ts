// `/group create`: an operator named in the configuration creates a group for the Discord server or
// Slack workspace they speak from, which then belongs to it. In the shell, which has no workspace, it
// creates a group that the shell switches to.
import { denial } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import type { Identity } from "../people/person.ts";
import { findOrCreateUser } from "../people/userRef.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { isTimeZone } from "../shared/localTime.ts";
import type { Group, WorkspaceRef } from "../setup/group.ts";
import { isConfiguredOperator, operatorRef, refuseReplayOf, type Speaker } from "./speaker.ts";

export interface GroupCreated {
  group: Group;
  workspace: WorkspaceRef | null;
}

export async function createWorkspaceGroup(
  deps: Deps,
  speaker: Speaker,
  input: { name: string; timezone?: string | undefined; workspace: WorkspaceRef | null },
  operators: readonly Identity[],
): Promise<Result<GroupCreated>> {
  return deps.store.transaction(async (tx) => {
    await refuseReplayOf(tx, speaker);
    const scope = { configuredOperator: isConfiguredOperator(speaker, operators) };
    const denied = denial(null, "group create", scope);
    if (denied) return refuse(denied);
    const { workspace } = input;
    if (workspace) {
      const existing = await tx.groups.ofWorkspace(workspace);
      if (existing) return refuse({ reason: "workspace_has_group", platform: workspace.platform, name: existing.name });
    }
    const timezone = input.timezone ?? "UTC";
    if (!isTimeZone(timezone)) return refuse({ reason: "invalid_time_zone", zone: timezone });
    const now = deps.clock.now();
    const group = await tx.groups.create(input.name, timezone);
    // The founder sets it up: operator, and the Secretariat's rights to bind channels and record agencies.
    const person = await findOrCreateUser(tx, group.id, operatorRef(speaker));
    await tx.people.grantRole(person.id, "operator");
    await tx.people.grantRole(person.id, "secretariat");
    if (workspace) await tx.groups.addWorkspace(group.id, workspace, now);
    await tx.audit.append({ groupId: group.id, at: now, actorId: person.id, action: "group.created", subject: `group:${group.id}`, details: { name: input.name, timezone, workspace } });
    return ok({ group, workspace });
  });
}
