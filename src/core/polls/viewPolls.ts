import type { Deps } from "../deps.ts";
import type { Decision } from "../decisions/decision.ts";
import { ok, type Result } from "../shared/result.ts";
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { currentTally, loadPoll } from "./loadPoll.ts";
import type { Poll, PositionChange } from "./poll.ts";
import type { Tally } from "./rules.ts";

export interface PollView {
  poll: Poll;
  tally: Tally;
  /** Current position per agency code, in code order; agencies still to respond are listed as pending. */
  positions: { code: string; stance: string; reason: string | null; by: string; at: Date | null }[];
  history: (PositionChange & { code: string; by: string })[];
  decision: Decision | null;
}

export async function listPolls(deps: Deps, caller: Caller, status?: Poll["status"]): Promise<Result<Poll[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "poll list");
    if (!asker.ok) return asker;
    return ok(await tx.polls.list(caller.groupId, status));
  });
}

export async function showPoll(deps: Deps, caller: Caller, pollId: number): Promise<Result<PollView>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "poll show");
    if (!asker.ok) return asker;
    const found = await loadPoll(tx, caller.groupId, pollId);
    if (!found.ok) return found;
    const poll = found.value;
    const t = await currentTally(tx, poll);
    const agencies = new Map((await tx.agencies.list(poll.groupId)).map((a) => [a.id, a.code]));
    const people = new Map((await tx.people.list(poll.groupId)).map((p) => [p.id, p.handle]));
    const current = new Map((await tx.polls.positions(poll.id)).map((p) => [p.agencyId, p]));
    const electors = (await tx.polls.electors(poll.id)).filter((e) => e.removedAt === null);
    const positions = electors
      .map((e) => {
        const p = current.get(e.agencyId);
        return {
          code: agencies.get(e.agencyId) ?? `agency ${e.agencyId}`,
          stance: p?.stance ?? "pending",
          reason: p?.reason ?? null,
          by: p ? (people.get(p.castById) ?? "?") : "",
          at: p?.castAt ?? null,
        };
      })
      .sort((a, b) => a.code.localeCompare(b.code));
    const history = (await tx.polls.history(poll.id)).map((h) => ({
      ...h,
      code: agencies.get(h.agencyId) ?? `agency ${h.agencyId}`,
      by: people.get(h.castById) ?? "?",
    }));
    return ok({ poll, tally: t, positions, history, decision: await tx.decisions.byPoll(poll.id) });
  });
}
