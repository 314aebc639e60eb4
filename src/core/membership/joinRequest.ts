/** An executive-level written request to join, recorded by the Secretariat; it opens a membership poll. */
export interface JoinRequest {
  id: number;
  groupId: number;
  agencyId: number;
  /** The date the written request was received (YYYY-MM-DD). */
  receivedOn: string;
  /** The agency's statement of its objectives for joining. */
  objectives: string;
  pollId: number | null;
  recordedById: number;
  createdAt: Date;
}

export interface JoinRequestRepository {
  create(request: Omit<JoinRequest, "id">): Promise<JoinRequest>;
  setPoll(id: number, pollId: number): Promise<void>;
  byPoll(pollId: number): Promise<JoinRequest | null>;
  /** An agency's requests, oldest first (a withdrawn agency may apply again). */
  forAgency(agencyId: number): Promise<JoinRequest[]>;
}
