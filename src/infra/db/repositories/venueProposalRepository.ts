// Venue proposals and their host agencies on Prisma.
import type { VenueProposal, VenueProposalRepository, VenueProposalStatus } from "../../../core/venues/venueProposal.ts";
import type { Db, Row } from "../db.ts";

type VenueProposalRow = Row<"venueProposal">;

const withHosts = { hosts: { select: { agencyId: true, confirmedAt: true }, orderBy: { agencyId: "asc" as const } } };

const toProposal = (r: VenueProposalRow & { hosts: { agencyId: number; confirmedAt: Date | null }[] }): VenueProposal => ({
  id: r.id,
  meetingId: r.meetingId,
  city: r.city,
  country: r.country,
  venue: r.venue,
  event: r.event,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  costsAccepted: r.costsAccepted,
  status: r.status as VenueProposalStatus,
  pollId: r.pollId,
  proposedById: r.proposedById,
  createdAt: r.createdAt,
  hostAgencyIds: r.hosts.map((h) => h.agencyId),
  confirmedAgencyIds: r.hosts.filter((h) => h.confirmedAt !== null).map((h) => h.agencyId),
});

export function venueProposals(db: Db): VenueProposalRepository {
  return {
    create: async ({ hostAgencyIds, confirmedAgencyIds, ...proposal }) =>
      toProposal(
        await db.venueProposal.create({
          data: {
            ...proposal,
            hosts: {
              create: [...new Set(hostAgencyIds)].map((agencyId) =>
                confirmedAgencyIds.includes(agencyId) ? { agencyId, confirmedById: proposal.proposedById, confirmedAt: proposal.createdAt } : { agencyId },
              ),
            },
          },
          include: withHosts,
        }),
      ),
    byId: async (id) => {
      const r = await db.venueProposal.findUnique({ where: { id }, include: withHosts });
      return r ? toProposal(r) : null;
    },
    listByMeeting: async (meetingId) =>
      (await db.venueProposal.findMany({ where: { meetingId }, include: withHosts, orderBy: { id: "asc" } })).map(toProposal),
    update: async (id, patch) => {
      await db.venueProposal.update({ where: { id }, data: patch });
    },
    // Conditional on confirmedAt being null, so two confirmations racing record one.
    confirmHost: async (proposalId, agencyId, personId, at) =>
      (await db.venueHost.updateMany({ where: { proposalId, agencyId, confirmedAt: null }, data: { confirmedById: personId, confirmedAt: at } })).count === 1,
  };
}
