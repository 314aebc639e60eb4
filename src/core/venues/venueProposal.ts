/** proposed → in poll → agreed | not agreed; a withdrawn poll puts its proposal back to proposed. */
export const VENUE_PROPOSAL_STATUSES = ["proposed", "in poll", "agreed", "not agreed"] as const;
export type VenueProposalStatus = (typeof VENUE_PROPOSAL_STATUSES)[number];

/** A venue offered for a meeting by one or more host agencies, who accept to bear local administrative costs. */
export interface VenueProposal {
  id: number;
  meetingId: number;
  city: string;
  country: string;
  venue: string | null;
  event: string | null;
  /** Dates the hosts propose (YYYY-MM-DD in the meeting's zone); null keeps the meeting's own dates. */
  startsOn: string | null;
  endsOn: string | null;
  costsAccepted: boolean;
  status: VenueProposalStatus;
  /** The consensus poll the proposal was last put to. */
  pollId: number | null;
  proposedById: number;
  createdAt: Date;
  hostAgencyIds: number[];
  /** The hosts that have confirmed their share of the local costs (the proposer's own agency at once). */
  confirmedAgencyIds: number[];
}

export type NewVenueProposal = Omit<VenueProposal, "id" | "status" | "pollId">;

/** The hosts still to confirm their share before the proposal can go to the group. */
export const hostsToConfirm = (p: VenueProposal): number[] => p.hostAgencyIds.filter((id) => !p.confirmedAgencyIds.includes(id));

export interface VenueProposalRepository {
  create(proposal: NewVenueProposal): Promise<VenueProposal>;
  byId(id: number): Promise<VenueProposal | null>;
  /** A meeting's proposals, oldest first. */
  listByMeeting(meetingId: number): Promise<VenueProposal[]>;
  update(id: number, patch: Partial<Pick<VenueProposal, "status" | "pollId">>): Promise<void>;
  /** Records a host's confirmation once: false when the agency is no host or had already confirmed. */
  confirmHost(proposalId: number, agencyId: number, personId: number, at: Date): Promise<boolean>;
}
