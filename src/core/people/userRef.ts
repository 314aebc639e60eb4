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

/** Finds the person, or records them; a handle already used by someone else gets the platform id added. */
export async function findOrCreateUser(tx: Tx, groupId: number, ref: UserRef): Promise<Person> {
  const known = await tx.people.byIdentity(groupId, ref.identity);
  if (known) return known;
  const sameHandle = await tx.people.byHandle(groupId, ref.handle);
  if (sameHandle && ref.identity.platform === "shell") return sameHandle;
  const handle = sameHandle ? `${ref.handle}-${ref.identity.platform}-${ref.identity.externalId}` : ref.handle;
  return tx.people.create(groupId, handle, ref.identity);
}
