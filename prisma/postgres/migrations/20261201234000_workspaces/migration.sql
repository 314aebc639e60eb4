-- Many groups: each Discord server and Slack workspace belongs to one group.
CREATE TABLE "Workspace" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Workspace_platform_workspaceId_key" ON "Workspace"("platform", "workspaceId");
CREATE INDEX "Workspace_groupId_idx" ON "Workspace"("groupId");

CREATE TABLE "WorkspaceJoinCode" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "WorkspaceJoinCode_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WorkspaceJoinCode_codeHash_key" ON "WorkspaceJoinCode"("codeHash");
CREATE INDEX "WorkspaceJoinCode_groupId_idx" ON "WorkspaceJoinCode"("groupId");

CREATE TABLE "WorkspaceAdoption" (
    "platform" TEXT NOT NULL,
    "groupId" INTEGER NOT NULL,

    CONSTRAINT "WorkspaceAdoption_pkey" PRIMARY KEY ("platform")
);
-- A database that already serves a group (it was started before this migration) served every
-- Discord server and Slack workspace that reached it from its first group. That group adopts them:
-- the first start of each platform maps the workspaces its credentials reach (the Slack token's
-- team, the guilds the Discord bot is in) to it. A fresh database has no group and adopts nothing.
INSERT INTO "WorkspaceAdoption" ("platform", "groupId") SELECT 'discord', MIN("id") FROM "Group" HAVING COUNT(*) > 0;
INSERT INTO "WorkspaceAdoption" ("platform", "groupId") SELECT 'slack', MIN("id") FROM "Group" HAVING COUNT(*) > 0;
