-- Many groups: each Discord server and Slack workspace belongs to one group.
CREATE TABLE "Workspace" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Workspace_platform_workspaceId_key" ON "Workspace"("platform", "workspaceId");
CREATE INDEX "Workspace_groupId_idx" ON "Workspace"("groupId");

CREATE TABLE "WorkspaceJoinCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);
CREATE UNIQUE INDEX "WorkspaceJoinCode_codeHash_key" ON "WorkspaceJoinCode"("codeHash");
CREATE INDEX "WorkspaceJoinCode_groupId_idx" ON "WorkspaceJoinCode"("groupId");

CREATE TABLE "WorkspaceAdoption" (
    "platform" TEXT NOT NULL PRIMARY KEY,
    "groupId" INTEGER NOT NULL
);
-- A database that already serves a group (it was started before this migration) served every
-- Discord server and Slack workspace that reached it from its first group. That group adopts them:
-- the first start of each platform maps the workspaces its credentials reach (the Slack token's
-- team, the guilds the Discord bot is in) to it. A fresh database has no group and adopts nothing.
INSERT INTO "WorkspaceAdoption" ("platform", "groupId") SELECT 'discord', MIN("id") FROM "Group" HAVING COUNT(*) > 0;
INSERT INTO "WorkspaceAdoption" ("platform", "groupId") SELECT 'slack', MIN("id") FROM "Group" HAVING COUNT(*) > 0;
