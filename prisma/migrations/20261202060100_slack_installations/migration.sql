-- Many Slack workspaces in one deployment: each installation of the app (OAuth v2) keeps its team's bot token.
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "appId" TEXT NOT NULL,
    "botToken" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "installedBy" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Installation_platform_workspaceId_key" ON "Installation"("platform", "workspaceId");
