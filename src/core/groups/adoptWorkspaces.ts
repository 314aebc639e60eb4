// Upgrading a database of one group: until many groups, every Discord server and Slack workspace that
// reached a deployment was served by its first group. The migration that brought in workspaces
// (20261201234000_workspaces) records that group as due to adopt each platform's workspaces, and so
// does the first start of a new database (bootstrapGroup). The first start of each platform then maps
// the workspaces its credentials reach (the Slack token's team, the guilds the Discord bot is in) to
// that group, once: a server or workspace added later belongs to no group until an operator gives it one.
import type { Deps } from "../deps.ts";
import type { WorkspaceRef } from "../setup/group.ts";

export async function adoptWorkspaces(deps: Deps, platform: WorkspaceRef["platform"], workspaceIds: readonly string[]): Promise<{ groupId: number; adopted: string[] } | null> {
  return deps.store.transaction(async (tx) => {
    const groupId = await tx.groups.adoption(platform);
    if (groupId === null) return null;
    const now = deps.clock.now();
    const adopted: string[] = [];
    for (const id of new Set(workspaceIds)) {
      const workspace = { platform, id };
      if (await tx.groups.ofWorkspace(workspace)) continue; // given a group before the adoption ran
      await tx.groups.addWorkspace(groupId, workspace, now);
      adopted.push(id);
    }
    await tx.groups.setAdoption(platform, null);
    if (adopted.length) await tx.audit.append({ groupId, at: now, actorId: null, action: "workspace.adopted", subject: `group:${groupId}`, details: { platform, workspaces: adopted } });
    return { groupId, adopted };
  });
}

/** Whether a platform's adoption is still due: an adapter asks before it looks its workspaces up. */
export const pendingAdoption = (deps: Deps, platform: WorkspaceRef["platform"]): Promise<boolean> =>
  deps.store.transaction(async (tx) => (await tx.groups.adoption(platform)) !== null);
