import type { Deps } from "../deps.ts";
import { currentTally } from "./loadPoll.ts";
import type { Outcome, Poll, Stance } from "./poll.ts";
import { describeProcedure, describeResponses } from "./pollText.ts";
import type { Tally } from "./rules.ts";

/** What a chat platform draws for a poll: the question, the deadline and the live tally per agency. */
export interface PollCard {
  poll: Pick<Poll, "id" | "groupId" | "title" | "text" | "kind" | "procedure" | "closesAt" | "status">;
  outcome: Outcome | null;
  decision: string | null;
  procedure: string;
  tally: Tally;
  /** "2 of 3 agencies responded (quorum 2)"; a silence procedure names no quorum. */
  responses: string;
  /** Each agency of the electorate with its stance, and the reason when it objects. */
  agencies: { code: string; stance: Stance | "pending"; reason?: string | null }[];
}

export async function pollCard(deps: Deps, pollId: number): Promise<PollCard | null> {
  return deps.store.transaction(async (tx) => {
    const poll = await tx.polls.byId(pollId);
    if (!poll) return null;
    const t = await currentTally(tx, poll);
    const codes = new Map((await tx.agencies.list(poll.groupId)).map((a) => [a.id, a.code]));
    const positions = new Map((await tx.polls.positions(poll.id)).map((p) => [p.agencyId, p]));
    const agencies = (await tx.polls.electors(poll.id))
      .filter((e) => e.removedAt === null)
      .map((e) => {
        const position = positions.get(e.agencyId);
        return { code: codes.get(e.agencyId) ?? `agency ${e.agencyId}`, stance: position?.stance ?? ("pending" as const), reason: position?.stance === "object" ? position.reason : null };
      })
      .sort((a, b) => a.code.localeCompare(b.code));
    const decision = poll.status === "closed" ? await tx.decisions.byPoll(poll.id) : null;
    return { poll, outcome: poll.outcome, decision: decision?.number ?? null, procedure: describeProcedure(poll), tally: t, responses: describeResponses(t, poll.procedure), agencies };
  });
}
