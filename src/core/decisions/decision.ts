import type { Outcome } from "../polls/poll.ts";

export interface DecisionTally {
  electorate: number;
  responded: number;
  concur: number;
  abstain: number;
  object: number;
  quorumNeeded: number;
}

export interface Decision {
  number: string;
  year: number;
  seq: number;
  pollId: number;
  groupId: number;
  outcome: Outcome;
  tally: DecisionTally;
  objections: { agency: string; reason: string }[];
  decidedAt: Date;
}

export interface DecisionRepository {
  /**
   * Takes the next sequence number in the group's register for that year: every call returns a new
   * one, also in concurrent transactions (a counter row, not the highest number plus one), and a
   * transaction that rolls back gives its number back.
   */
  takeSeq(groupId: number, year: number): Promise<number>;
  create(decision: Decision): Promise<void>;
  list(groupId: number, year?: number): Promise<Decision[]>;
  byPoll(pollId: number): Promise<Decision | null>;
}
