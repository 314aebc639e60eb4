import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Decision } from "../decisions/decision.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { finalizePoll } from "./finalizePoll.ts";
import { currentTally, loadPollToChange } from "./loadPoll.ts";

export async function withdrawPoll(deps: Deps, caller: Caller, pollId: number): Promise<Result<Decision>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "poll withdraw");
    if (!actor.ok) return actor;
    const found = await loadPollToChange(tx, caller.groupId, pollId, deps.clock.now(), "withdraw");
    if (!found.ok) return found;
    const t = await currentTally(tx, found.value);
    return ok(await finalizePoll(tx, found.value, "withdrawn", t, deps.clock.now(), actor.value.id, "withdrawn"));
  });
}
