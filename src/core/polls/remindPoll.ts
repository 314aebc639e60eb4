import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { unrepresentedAgencies } from "../agencies/unrepresented.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import { currentTally, loadOpenPoll } from "./loadPoll.ts";
import type { Poll } from "./poll.ts";
import { deadline, pollLabel } from "./pollText.ts";

/**
 * Queues one reminder per agency that has not responded; agencies that have responded are never reminded.
 * `occasion` makes the idempotency keys unique per reminder round. An agency with no representative
 * cannot be reached: it is left out and named in `unreachable`.
 */
export async function remindPending(tx: Tx, poll: Poll, occasion: string, now: Date): Promise<{ reminded: string[]; unreachable: string[] }> {
  const t = await currentTally(tx, poll);
  const agencies = new Map((await tx.agencies.list(poll.groupId)).map((a) => [a.id, a]));
  const unrepresented = new Set(await unrepresentedAgencies(tx, t.pendingAgencyIds));
  const reminded: string[] = [];
  const unreachable: string[] = [];
  for (const agencyId of t.pendingAgencyIds) {
    const code = agencies.get(agencyId)?.code ?? `agency ${agencyId}`;
    if (unrepresented.has(agencyId)) {
      unreachable.push(code);
      continue;
    }
    reminded.push(code);
    await tx.outbox.enqueue(
      {
        groupId: poll.groupId,
        idempotencyKey: `poll:${poll.id}:remind:${occasion}:${agencyId}`,
        audience: { kind: "agency", agencyId },
        text:
          `Reminder: ${pollLabel(poll)} closes ${deadline(poll)} and ${code} has not responded yet. ` +
          `Respond with /poll position id:${poll.id} stance:concur|abstain|object`,
        data: { id: poll.id, event: "poll.reminder", agency: code },
      },
      now,
    );
  }
  return { reminded, unreachable };
}

/** A reminder sent now, on request of the chair or the Secretariat. */
export async function remindPoll(deps: Deps, caller: Caller, pollId: number): Promise<Result<{ poll: Poll; reminded: string[]; unreachable: string[] }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "poll remind");
    if (!actor.ok) return actor;
    const found = await loadOpenPoll(tx, caller.groupId, pollId, deps.clock.now(), "remind");
    if (!found.ok) return found;
    const now = deps.clock.now();
    const { reminded, unreachable } = await remindPending(tx, found.value, `manual:${now.toISOString()}`, now);
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "poll.reminded",
      subject: `poll:${pollId}`,
      details: { reminded, unreachable },
    });
    return ok({ poll: found.value, reminded, unreachable });
  });
}
