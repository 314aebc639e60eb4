import type { Caller } from "../access/actor.ts";
import type { Deps } from "../deps.ts";
import type { Decision } from "./decision.ts";

export interface DecisionEntry extends Decision {
  title: string;
  kind: string;
}

/** The decision register, oldest first, optionally for one year. */
export async function listDecisions(deps: Deps, caller: Caller, year?: number): Promise<DecisionEntry[]> {
  return deps.store.transaction(async (tx) => {
    const decisions = await tx.decisions.list(caller.groupId, year);
    const entries: DecisionEntry[] = [];
    for (const d of decisions) {
      const poll = await tx.polls.byId(d.pollId);
      entries.push({ ...d, title: poll?.title ?? "", kind: poll?.kind ?? "general" });
    }
    return entries;
  });
}
