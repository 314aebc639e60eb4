/** A chair's term. The current one has no end; each handover ends one term and opens the next. */
export interface ChairTerm {
  id: number;
  groupId: number;
  agencyId: number;
  personId: number;
  /** First day in office (YYYY-MM-DD). */
  startsOn: string;
  /** The day the successor took office, or null for the current chair. */
  endedOn: string | null;
  createdAt: Date;
}

export interface ChairTermRepository {
  current(groupId: number): Promise<ChairTerm | null>;
  byId(id: number): Promise<ChairTerm | null>;
  /** Every term, oldest first. */
  list(groupId: number): Promise<ChairTerm[]>;
  create(term: Omit<ChairTerm, "id" | "endedOn">): Promise<ChairTerm>;
  end(id: number, endedOn: string): Promise<void>;
  /** Corrects the first day of a term (a start recorded wrongly). */
  setStart(id: number, startsOn: string): Promise<void>;
}
