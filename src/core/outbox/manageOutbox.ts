import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { QueuedMessage } from "./message.ts";

export type ParkedMessage = QueuedMessage & { lastError: string | null };

/** Messages the dispatcher gave up on, with their last error, so an operator can see and retry them. */
export async function listParked(deps: Deps, caller: Caller): Promise<Result<ParkedMessage[]>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "outbox list");
    if (!actor.ok) return actor;
    return ok(await tx.outbox.parked(caller.groupId));
  });
}

export async function retryParked(deps: Deps, caller: Caller, id: number): Promise<Result<{ id: number }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "outbox retry");
    if (!actor.ok) return actor;
    const parked = (await tx.outbox.parked(caller.groupId)).some((m) => m.id === id);
    if (!parked || !(await tx.outbox.retry(id, deps.clock.now()))) return refuse({ reason: "message_not_parked", id });
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "outbox.retried", subject: `outbox:${id}` });
    return ok({ id });
  });
}
