import type { Identity, Person, Role } from "../people/person.ts";
import type { Tx } from "../store.ts";
import { refuse, type Result } from "../shared/result.ts";

/** Who is asking: an identity on a platform, resolved freshly inside each use case's transaction. */
export interface Caller extends Identity {
  groupId: number;
}

export async function identify(tx: Tx, caller: Caller): Promise<Person | null> {
  return tx.people.byIdentity(caller.groupId, caller);
}

const ROLE_NAMES: Record<Role, string> = { secretariat: "the Secretariat", chair: "the chair", operator: "an operator" };

/** The caller, if they hold one of the roles. */
export async function requireRole(tx: Tx, caller: Caller, roles: Role[], action: string): Promise<Result<Person>> {
  const person = await identify(tx, caller);
  if (person && person.roles.some((r) => roles.includes(r))) return { ok: true, value: person };
  return refuse({ reason: "role_required", action, roles: roles.map((r) => ROLE_NAMES[r]) });
}

/** The caller, who must be known (any role or delegation). */
export async function requireKnown(tx: Tx, caller: Caller): Promise<Result<Person>> {
  const person = await identify(tx, caller);
  if (!person) return refuse({ reason: "unknown_caller" });
  return { ok: true, value: person };
}

export const POLL_MANAGERS: Role[] = ["secretariat", "chair"];
