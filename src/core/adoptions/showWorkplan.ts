import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { workplanYear } from "./kindRequirements.ts";

export interface AdoptedWorkplan {
  year: number;
  title: string;
  text: string | null;
  pollId: number;
  decision: string;
  adoptedAt: Date;
}

export interface WorkplanView {
  /** The workplan in force for each year (the latest adopted), by year. */
  inForce: AdoptedWorkplan[];
  /** Earlier workplans of the same years, replaced by a later adoption, oldest first. */
  replaced: AdoptedWorkplan[];
}

/** The adopted workplans, read from the decision register: every adopted workplan poll, by year. */
export async function showWorkplans(deps: Deps, caller: Caller, year?: number): Promise<Result<WorkplanView>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "workplan show");
    if (!asker.ok) return asker;
    const adopted: AdoptedWorkplan[] = [];
    for (const decision of await tx.decisions.list(caller.groupId)) {
      if (decision.outcome !== "adopted") continue;
      const poll = await tx.polls.byId(decision.pollId);
      const covers = poll?.kind === "workplan" ? workplanYear(poll.subject) : null;
      if (!poll || covers === null || (year !== undefined && covers !== year)) continue;
      adopted.push({ year: covers, title: poll.title, text: poll.text, pollId: poll.id, decision: decision.number, adoptedAt: decision.decidedAt });
    }
    const latest = new Map<number, AdoptedWorkplan>();
    for (const plan of adopted) latest.set(plan.year, plan);
    const inForce = [...latest.values()].sort((a, b) => a.year - b.year);
    return ok({ inForce, replaced: adopted.filter((p) => !inForce.includes(p)) });
  });
}
