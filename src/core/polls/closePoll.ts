import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Decision } from "../decisions/decision.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { finalizePoll } from "./finalizePoll.ts";
import { currentTally, loadPollToChange } from "./loadPoll.ts";
import { outcomeOf } from "./rules.ts";

/** The chair or the Secretariat closes a poll before its deadline; it is decided on what has been cast. */
export async function closePoll(deps: Deps, caller: Caller, pollId: number): Promise<Result<Decision>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "poll close");
    if (!actor.ok) return actor;
    const found = await loadPollToChange(tx, caller.groupId, pollId, deps.clock.now(), "close");
    if (!found.ok) return found;
    const t = await currentTally(tx, found.value);
    const outcome = outcomeOf(found.value.procedure, t);
    return ok(await finalizePoll(tx, found.value, outcome, t, deps.clock.now(), actor.value.id, "early"));
  });
}
