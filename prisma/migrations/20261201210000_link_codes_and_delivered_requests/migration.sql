-- One-time codes that prove an account (stored hashed), and the platform requests already applied
-- (Slack deliveries, Discord interactions), so that a replay is refused even after a restart.
CREATE TABLE "LinkCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");
CREATE INDEX "LinkCode_personId_idx" ON "LinkCode"("personId");

CREATE TABLE "DeliveredRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "handledBy" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "DeliveredRequest_platform_requestId_key" ON "DeliveredRequest"("platform", "requestId");
CREATE INDEX "DeliveredRequest_expiresAt_idx" ON "DeliveredRequest"("expiresAt");
