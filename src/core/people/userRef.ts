import type { Tx } from "../store.ts";
import type { Identity, Person } from "./person.ts";

/** A person named in a command: a mention on a platform, or a handle in the shell. */
export interface UserRef {
  handle: string;
  identity: Identity;
}

/**
 * On a chat platform a person is found by that platform's own account id, never by a name: a handle
 * can be chosen by anyone, an account id only by its owner. Only the local shell, where handles are
 * the accounts, finds people by handle.
 */
export async function findUser(tx: Tx, groupId: number, ref: UserRef): Promise<Person | null> {
  const known = await tx.people.byIdentity(groupId, ref.identity);
  if (known || ref.identity.platform !== "shell") return known;
  return tx.people.byHandle(groupId, ref.handle);
}

/**
 * Finds the person by their account, or records them. A handle is only a name: when another person
 * already has it (anyone can pick a display name), the newcomer gets a free variant of it instead.
 */
export async function findOrCreateUser(tx: Tx, groupId: number, ref: UserRef): Promise<Person> {
  const known = await tx.people.byIdentity(groupId, ref.identity);
  if (known) return known;
  const sameHandle = await tx.people.byHandle(groupId, ref.handle);
  if (sameHandle && ref.identity.platform === "shell") return sameHandle;
  let handle = sameHandle ? `${ref.handle}-${ref.identity.platform}-${ref.identity.externalId}` : ref.handle;
  for (let n = 2; await tx.people.byHandle(groupId, handle); n++) handle = `${ref.handle}-${ref.identity.platform}-${ref.identity.externalId}-${n}`;
  return tx.people.create(groupId, handle, ref.identity);
}
