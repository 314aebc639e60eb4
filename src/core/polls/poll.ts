export const POLL_KINDS = ["general", "membership", "venue", "amendment", "product", "workplan"] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const PROCEDURES = ["consensus", "silence"] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const STANCES = ["concur", "abstain", "object"] as const;
export type Stance = (typeof STANCES)[number];

/** The only words in which an outcome is ever reported. */
export const OUTCOMES = ["adopted", "not adopted", "lapsed", "withdrawn"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Poll {
  id: number;
  groupId: number;
  title: string;
  text: string | null;
  kind: PollKind;
  procedure: Procedure;
  /** null: the default quorum, more than half of the electorate. */
  quorumPercent: number | null;
  /** What an adopted poll acts on, for kinds with an effect. */
  subject: Record<string, unknown> | null;
  openedById: number;
  openedAt: Date;
  closesAt: Date;
  status: "open" | "closed";
  outcome: Outcome | null;
  closedAt: Date | null;
}

export interface Elector {
  agencyId: number;
  removedAt: Date | null;
}

export interface Position {
  pollId: number;
  agencyId: number;
  stance: Stance;
  reason: string | null;
  endorsed: boolean;
  castById: number;
  castAt: Date;
  /**
   * When the bot first received the request that cast it (`Caller.request.receivedAt`, kept by a re-run);
   * null for a cast with no platform request, such as the shell or a test. A later request's position is
   * never replaced by an earlier request's (castPosition.ts).
   */
  requestedAt: Date | null;
}

/** One cast in the history. The history does not keep when its request was received: only the current position is ordered by it. */
export interface PositionChange extends Omit<Position, "requestedAt"> {
  platform: string;
}

export interface PollRepository {
  /**
   * Locks the poll's row until the transaction ends, before a use case reads it to change it (a cast, a
   * close, an extension, a withdrawal): another transaction that locks it waits, and what this one reads
   * afterwards includes every change committed before. A poll that does not exist locks nothing.
   */
  lock(id: number): Promise<void>;
  create(poll: Omit<Poll, "id" | "status" | "outcome" | "closedAt">, electorate: number[]): Promise<Poll>;
  byId(id: number): Promise<Poll | null>;
  list(groupId: number, status?: Poll["status"]): Promise<Poll[]>;
  openPollsWithElector(agencyId: number): Promise<Poll[]>;
  update(id: number, patch: Partial<Pick<Poll, "closesAt" | "status" | "outcome" | "closedAt">>): Promise<void>;
  electors(pollId: number): Promise<Elector[]>;
  removeElector(pollId: number, agencyId: number, at: Date): Promise<void>;
  positions(pollId: number): Promise<Position[]>;
  /** Replaces the agency's current position and appends the change to the history; returns the change's id. */
  castPosition(position: Position, platform: string): Promise<number>;
  history(pollId: number): Promise<PositionChange[]>;
}
