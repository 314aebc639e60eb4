-- Each co-host confirms its share of the local costs before a venue proposal goes to the group.
-- Proposals recorded before this rule carried every host's acceptance, so their hosts count as
-- confirmed by the proposer at the time of the proposal.
ALTER TABLE "VenueHost" ADD COLUMN "confirmedById" INTEGER,
ADD COLUMN "confirmedAt" TIMESTAMP(3);
UPDATE "VenueHost" SET "confirmedById" = p."proposedById", "confirmedAt" = p."createdAt"
FROM "VenueProposal" p WHERE p."id" = "VenueHost"."proposalId";
