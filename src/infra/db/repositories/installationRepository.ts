// Installed apps on Prisma (one row per platform and workspace), with their bot tokens.
import type { Installation, InstallationRepository } from "../../../core/groups/installation.ts";
import type { Db } from "../db.ts";

type Row = Omit<Installation, "scopes" | "platform"> & { platform: string; scopes: string };

const fromRow = ({ id: _id, platform, scopes, ...rest }: Row & { id: number }): Installation => ({
  ...rest,
  platform: platform as Installation["platform"],
  scopes: scopes === "" ? [] : scopes.split(","),
});

export function installations(db: Db): InstallationRepository {
  return {
    byWorkspace: async (platform, workspaceId) => {
      const row = await db.installation.findUnique({ where: { platform_workspaceId: { platform, workspaceId } } });
      return row ? fromRow(row) : null;
    },
    save: async (installation) => {
      const data = { ...installation, scopes: installation.scopes.join(",") };
      await db.installation.upsert({ where: { platform_workspaceId: { platform: installation.platform, workspaceId: installation.workspaceId } }, create: data, update: data });
    },
    remove: async (platform, workspaceId) => (await db.installation.deleteMany({ where: { platform, workspaceId } })).count > 0,
    ofGroup: async (groupId, platform) => {
      const workspaces = await db.workspace.findMany({ where: { groupId, platform }, orderBy: { id: "asc" }, select: { workspaceId: true } });
      if (workspaces.length === 0) return [];
      const rows = await db.installation.findMany({ where: { platform, workspaceId: { in: workspaces.map((w) => w.workspaceId) } } });
      const order = new Map(workspaces.map((w, i) => [w.workspaceId, i]));
      return rows.sort((a, b) => order.get(a.workspaceId)! - order.get(b.workspaceId)!).map(fromRow);
    },
  };
}
