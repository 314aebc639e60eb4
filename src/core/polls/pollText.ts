// The words the bot uses about polls, shared by announcements, replies and reminders.
import { timeMarker } from "../shared/markup.ts";
import type { Poll } from "./poll.ts";
import type { Tally } from "./rules.ts";

export const pollLabel = (poll: Pick<Poll, "id" | "title">): string => `poll #${poll.id} «${poll.title}»`;

export function describeTally(t: Tally): string {
  return `${t.concur} concur, ${t.abstain} abstain, ${t.object} object; ${t.responded} of ${t.electorate} agencies responded (quorum ${t.quorumNeeded})`;
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
