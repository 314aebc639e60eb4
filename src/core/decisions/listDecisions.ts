import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Deps } from "../deps.ts";
import type { Decision } from "./decision.ts";

export interface DecisionEntry extends Decision {
  title: string;
  kind: string;
}

/** The decision register, oldest first, optionally for one year. */
export async function listDecisions(deps: Deps, caller: Caller, year?: number): Promise<Result<DecisionEntry[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "decisions");
    if (!asker.ok) return asker;
    const decisions = await tx.decisions.list(caller.groupId, year);
    const entries: DecisionEntry[] = [];
    for (const d of decisions) {
      const poll = await tx.polls.byId(d.pollId);
      entries.push({ ...d, title: poll?.title ?? "", kind: poll?.kind ?? "general" });
    }
    return ok(entries);
  });
}
