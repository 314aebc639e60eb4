import type { Identity, Person } from "../people/person.ts";
import type { Tx } from "../store.ts";

/** Who is asking: an identity on a platform, resolved freshly inside each use case's transaction. */
export interface Caller extends Identity {
  groupId: number;
}

/** The person behind the caller's account, if the group knows that account. Who may act is decided in permissions.ts. */
export async function identify(tx: Tx, caller: Caller): Promise<Person | null> {
  return tx.people.byIdentity(caller.groupId, caller);
}
