import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Person, Role } from "./person.ts";
import { findOrCreateUser, findUser, type UserRef } from "./userRef.ts";

export async function grantRole(deps: Deps, caller: Caller, user: UserRef, role: Role): Promise<Result<Person>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "role grant");
    if (!actor.ok) return actor;
    // One chair: the holder of the current chair term. The role follows /chair set, never a grant.
    if (role === "chair") return refuse({ reason: "chair_by_term", attempt: "grant" });
    const person = await findOrCreateUser(tx, caller.groupId, user);
    if (!person.roles.includes(role)) await tx.people.grantRole(person.id, role);
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "role.granted", subject: `person:${person.handle}`, details: { role } });
    return ok({ ...person, roles: [...new Set([...person.roles, role])] });
  });
}

export async function revokeRole(deps: Deps, caller: Caller, user: UserRef, role: Role): Promise<Result<Person>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "role revoke");
    if (!actor.ok) return actor;
    if (role === "chair") return refuse({ reason: "chair_by_term", attempt: "revoke" });
    const person = await findUser(tx, caller.groupId, user);
    if (!person || !person.roles.includes(role)) return refuse({ reason: "role_not_held", handle: person?.handle ?? user.handle, role });
    await tx.people.revokeRole(person.id, role);
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "role.revoked", subject: `person:${person.handle}`, details: { role } });
    return ok({ ...person, roles: person.roles.filter((r) => r !== role) });
  });
}
