-- Outbox deliveries are claimed with a lease, so that two replicas never send one message at once and a
-- message claimed by a replica that died is taken over when its lease runs out.
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedUntil" DATETIME;
