// The words the bot uses about polls, shared by announcements, replies and reminders.
import { cardData } from "../cards/card.ts";
import type { OutgoingMessage } from "../outbox/message.ts";
import { timeMarker } from "../shared/markup.ts";
import type { Poll, Procedure } from "./poll.ts";
import type { Tally } from "./rules.ts";

export const pollLabel = (poll: Pick<Poll, "id" | "title">): string => `poll #${poll.id} «${poll.title}»`;

/** How many agencies responded; a quorum is named only where one applies (never to a silence procedure). */
export function describeResponses(t: Tally, procedure: Procedure): string {
  return `${t.responded} of ${t.electorate} agencies responded${procedure === "consensus" ? ` (quorum ${t.quorumNeeded})` : ""}`;
}

export function describeTally(t: Tally, procedure: Procedure): string {
  return `${t.concur} concur, ${t.abstain} abstain, ${t.object} object; ${describeResponses(t, procedure)}`;
}

export function describeObjections(t: Tally, codeOf: (agencyId: number) => string): string {
  return t.objections.map((o) => `${codeOf(o.agencyId)}: ${o.reason}`).join("; ");
}

export function describeProcedure(poll: Pick<Poll, "procedure" | "quorumPercent">): string {
  if (poll.procedure === "silence") return "silence procedure: adopted at the deadline unless an agency objects";
  const quorum = poll.quorumPercent === null ? "more than half of the agencies" : `at least ${poll.quorumPercent}% of the agencies`;
  return `consensus: adopted if nobody objects and ${quorum} respond`;
}

export const deadline = (poll: Pick<Poll, "closesAt">): string => timeMarker(poll.closesAt);

/** The key of the announcement that carries a poll's card, with its buttons on chat platforms. */
export const pollCardKey = (pollId: number): string => `poll:${pollId}:opened`;

/**
 * Asks every platform to redraw the poll's card where it was posted. The adapter reads the live
 * state when it sends, so a burst of votes always ends on the latest tally.
 */
export const pollCardEdit = (poll: Pick<Poll, "id" | "groupId">, idempotencyKey: string, event: "poll.tally" | "poll.card"): OutgoingMessage => ({
  groupId: poll.groupId,
  idempotencyKey,
  audience: { kind: "channel", purpose: "announcements" },
  text: "",
  data: { id: poll.id, event, ...cardData({ kind: "poll", id: poll.id, redraw: true }) },
  action: "edit",
  target: pollCardKey(poll.id),
});
