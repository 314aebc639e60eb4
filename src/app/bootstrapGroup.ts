import type { Deps } from "../core/deps.ts";
import type { Identity } from "../core/people/person.ts";
import { findOrCreateUser } from "../core/people/userRef.ts";
import { createGroup } from "../core/setup/configureGroup.ts";
import type { Group } from "../core/setup/group.ts";

/**
 * The first group of a platform deployment, created on its first start. Like a database upgraded from
 * one group (migration 20261201234000_workspaces), it adopts the Discord servers and the Slack workspace
 * that the platforms' credentials reach at their first start (core/groups/adoptWorkspaces.ts), so a
 * deployment of one group works as it always did; any server or workspace added later belongs to no
 * group until an operator runs /group create or /group join there.
 * The operators named in the configuration hold the operator and Secretariat roles in that first group,
 * so that someone can bind channels and record the first agencies; in a workspace of no group they are
 * the ones who may create or join a group (src/app/workspaceGroups.ts).
 */
export async function bootstrapGroup(deps: Deps, operators: readonly Identity[], name = "Coordination group", timezone = "UTC"): Promise<Group> {
  let group = await deps.store.transaction((tx) => tx.groups.first());
  if (!group) {
    group = await createGroup(deps, name, timezone, { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
    const id = group.id;
    await deps.store.transaction(async (tx) => {
      for (const platform of ["discord", "slack"] as const) await tx.groups.setAdoption(platform, id);
    });
  }
  const first = group;
  await deps.store.transaction(async (tx) => {
    for (const identity of operators) {
      // Found by the platform's own id, never by a name someone could have taken first.
      const person = await findOrCreateUser(tx, first.id, { handle: `${identity.platform}-${identity.externalId}`, identity });
      if (!person.roles.includes("operator")) await tx.people.grantRole(person.id, "operator");
      if (!person.roles.includes("secretariat")) await tx.people.grantRole(person.id, "secretariat");
    }
  });
  return first;
}
