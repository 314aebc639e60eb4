import type { Deps } from "../core/deps.ts";
import type { Identity } from "../core/people/person.ts";
import { findOrCreateUser } from "../core/people/userRef.ts";
import { createGroup } from "../core/setup/configureGroup.ts";
import type { Group } from "../core/setup/group.ts";

/**
 * The group a platform deployment serves: the first one in the database, created on first start.
 * The operators named in the configuration hold the operator and Secretariat roles, so that someone
 * can bind channels and record the first agencies.
 */
export async function bootstrapGroup(deps: Deps, operators: Identity[], name = "Coordination group", timezone = "UTC"): Promise<Group> {
  const group =
    (await deps.store.transaction((tx) => tx.groups.first())) ??
    (await createGroup(deps, name, timezone, { handle: "operator", identity: { platform: "shell", externalId: "operator" } }));
  await deps.store.transaction(async (tx) => {
    for (const identity of operators) {
      // Found by the platform's own id, never by a name someone could have taken first.
      const person = await findOrCreateUser(tx, group.id, { handle: `${identity.platform}-${identity.externalId}`, identity });
      if (!person.roles.includes("operator")) await tx.people.grantRole(person.id, "operator");
      if (!person.roles.includes("secretariat")) await tx.people.grantRole(person.id, "secretariat");
    }
  });
  return group;
}
