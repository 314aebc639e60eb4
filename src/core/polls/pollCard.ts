import type { Card, CardAction } from "../cards/card.ts";
import type { Tx } from "../store.ts";
import { timeMarker } from "../shared/markup.ts";
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

/** Read in a transaction of the caller's (a sender compares it with what the card shows, in one). */
export async function pollCardIn(tx: Tx, pollId: number): Promise<PollCard | null> {
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
}

/** The poll's card as every platform shows it: question, deadline or outcome, tally, and while it is open the three responses. */
export function pollCardModel(card: PollCard): Card {
  const { poll, tally } = card;
  const open = poll.status === "open";
  const outcome = `${card.outcome ?? "closed"}${card.decision ? ` — decision ${card.decision}` : ""}`;
  const position = `poll position id:${poll.id}`;
  // A product is endorsed only if each agency confirms its internal endorsement with its concurrence.
  const concur: CardAction =
    poll.kind === "product"
      ? { id: "concur", label: "Concur", style: "primary", command: `${position} stance:concur endorsed:true`, confirm: "product-endorsement" }
      : { id: "concur", label: "Concur", style: "primary", command: `${position} stance:concur` };
  return {
    kind: "poll",
    label: `Poll #${poll.id}`,
    title: poll.title,
    ...(poll.kind === "general" ? {} : { badge: poll.kind }),
    ...(poll.text ? { text: poll.text } : {}),
    tone: open ? "open" : card.outcome === "adopted" ? "adopted" : card.outcome === "not adopted" ? "blocked" : "neutral",
    fields: [
      open ? { id: "closes", label: "Closes", value: timeMarker(poll.closesAt) } : { id: "outcome", label: "Outcome", value: outcome },
      { id: "procedure", label: "Procedure", value: card.procedure },
    ],
    sections: [
      {
        id: "tally",
        heading: "Tally",
        lines: [
          { text: `${tally.concur} concur · ${tally.abstain} abstain · ${tally.object} object · ${tally.pending} pending` },
          { text: card.responses },
        ],
      },
      { id: "agencies", heading: "Agencies", lines: card.agencies.map((a) => ({ label: a.code, mark: a.stance, text: a.reason ?? "" })) },
    ],
    actions: open
      ? [
          concur,
          { id: "abstain", label: "Abstain", style: "secondary", command: `${position} stance:abstain` },
          { id: "object", label: "Object…", style: "danger", command: `${position} stance:object`, ask: "objection-reason" },
        ]
      : [],
    footer: poll.kind === "general" ? "Consensus poll" : `Consensus poll · ${poll.kind}`,
    summary: `Poll #${poll.id} «${poll.title}» (${open ? `closes ${timeMarker(poll.closesAt)}` : `closed: ${card.outcome ?? "closed"}`}): ${tally.concur} concur, ${tally.abstain} abstain, ${tally.object} object`,
  };
}
