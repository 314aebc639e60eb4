import type { Identity, Person } from "../people/person.ts";
import type { Tx } from "../store.ts";
import { refuseReplay, type DeliveredRequest } from "./replay.ts";

/** Who is asking: an identity on a platform, resolved freshly inside each use case's transaction. */
export interface Caller extends Identity {
  groupId: number;
  /**
   * The platform request that carries the command, when a platform could deliver it again (replay.ts).
   * Its `receivedAt` is when the bot first received it, and orders an agency's positions (castPosition.ts).
   */
  request?: DeliveredRequest;
}

/**
 * The person behind the caller's account, if the group knows that account. Who may act is decided in
 * permissions.ts. Every use case identifies its caller inside its transaction, so this is also where a
 * replayed platform request is stopped: in the very transaction that would apply it again.
 */
export async function identify(tx: Tx, caller: Caller): Promise<Person | null> {
  await refuseReplay(tx, caller.platform, caller.request);
  return tx.people.byIdentity(caller.groupId, caller);
}
