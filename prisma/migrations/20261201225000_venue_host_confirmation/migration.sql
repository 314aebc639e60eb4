-- Each co-host confirms its share of the local costs before a venue proposal goes to the group.
-- Proposals recorded before this rule carried every host's acceptance, so their hosts count as
-- confirmed by the proposer at the time of the proposal.
ALTER TABLE "VenueHost" ADD COLUMN "confirmedById" INTEGER;
ALTER TABLE "VenueHost" ADD COLUMN "confirmedAt" DATETIME;
UPDATE "VenueHost" SET
  "confirmedById" = (SELECT "proposedById" FROM "VenueProposal" WHERE "VenueProposal"."id" = "VenueHost"."proposalId"),
  "confirmedAt" = (SELECT "createdAt" FROM "VenueProposal" WHERE "VenueProposal"."id" = "VenueHost"."proposalId");
