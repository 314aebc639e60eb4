-- Discord interactions deferred before their command was recorded, held until it has run, so that a
-- replica that dies in between costs a retry by another replica rather than the vote.
CREATE TABLE "HeldRequest" (
    "platform" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedUntil" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("platform", "requestId")
);
CREATE INDEX "HeldRequest_claimedUntil_idx" ON "HeldRequest"("claimedUntil");
