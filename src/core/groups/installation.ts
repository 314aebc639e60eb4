// A platform app installed in one workspace: on Slack, each team that installs the app through OAuth
// gets a bot token of its own, and every call about that team must carry it. Kept in the database so
// that any replica serves any workspace. The token is a secret: never logged, never shown.
import type { WorkspaceRef } from "../setup/group.ts";

export interface Installation {
  platform: WorkspaceRef["platform"];
  /** The team id on Slack. */
  workspaceId: string;
  enterpriseId: string | null;
  appId: string;
  botToken: string;
  botId: string;
  botUserId: string;
  scopes: string[];
  /** The platform user who installed it. */
  installedBy: string;
  installedAt: Date;
}

export interface InstallationRepository {
  /** The installation of a workspace, or null (never installed, or uninstalled). */
  byWorkspace(platform: WorkspaceRef["platform"], workspaceId: string): Promise<Installation | null>;
  /** Records an installation; a reinstall in the same workspace replaces the one before (new token, new scopes). */
  save(installation: Installation): Promise<void>;
  /** Forgets a workspace's installation (the app was uninstalled or its tokens revoked); false when there was none. */
  remove(platform: WorkspaceRef["platform"], workspaceId: string): Promise<boolean>;
  /** The installations of the workspaces of a group on a platform, oldest workspace first. */
  ofGroup(groupId: number, platform: WorkspaceRef["platform"]): Promise<Installation[]>;
}
