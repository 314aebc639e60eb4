/** A delegation's notice to the Secretariat of an advisor it brings to one meeting. Advisors never vote. */
export interface AdvisorNotice {
  id: number;
  meetingId: number;
  /** The delegation the advisor belongs to for this meeting. */
  agencyId: number;
  name: string;
  /** The name folded for comparison (see advisorNameKey). */
  nameKey: string;
  affiliation: string;
  purpose: string;
  /** The conflict-of-interest declaration; "none" is a declaration too. */
  conflicts: string;
  /** Received after the group's notice period; recorded all the same. */
  late: boolean;
  notifiedById: number;
  notifiedAt: Date;
  acknowledgedById: number | null;
  acknowledgedAt: Date | null;
}

export type NewAdvisorNotice = Omit<AdvisorNotice, "id" | "acknowledgedById" | "acknowledgedAt">;

export interface AdvisorNoticeRepository {
  create(notice: NewAdvisorNotice): Promise<AdvisorNotice>;
  byId(id: number): Promise<AdvisorNotice | null>;
  byName(meetingId: number, nameKey: string): Promise<AdvisorNotice | null>;
  listByMeeting(meetingId: number): Promise<AdvisorNotice[]>;
  /** Records the acknowledgement unless one is recorded already; false means it was. */
  acknowledge(id: number, personId: number, at: Date): Promise<boolean>;
}

/**
 * One advisor, one delegation per meeting: names are compared without regard to case or to how
 * spaces were typed, so "Jane  Doe" and "jane doe" are the same person.
 */
export const advisorNameKey = (name: string): string => name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
