-- Many Slack workspaces in one deployment: each installation of the app (OAuth v2) keeps its team's bot token.
CREATE TABLE "Installation" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "enterpriseId" TEXT,
    "appId" TEXT NOT NULL,
    "botToken" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "installedBy" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Installation_platform_workspaceId_key" ON "Installation"("platform", "workspaceId");
