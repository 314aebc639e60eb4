// Which group a request is for: the group its Discord server or Slack workspace belongs to. Every
// adapter asks this (through src/app/workspaceGroups.ts) before it runs anything for a workspace.
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group, WorkspaceRef } from "../setup/group.ts";

/**
 * The workspace's group, or a refusal that tells an operator how to give it one. A request from no
 * workspace at all (a Discord direct message) is refused too: it could be meant for any group.
 * Reads only: a workspace of no group gets its answer and nothing is written.
 */
export async function groupOfWorkspace(deps: Deps, workspace: WorkspaceRef | null): Promise<Result<Group>> {
  if (!workspace) return refuse({ reason: "no_workspace" });
  const group = await deps.store.transaction((tx) => tx.groups.ofWorkspace(workspace));
  return group ? ok(group) : refuse({ reason: "workspace_without_group", platform: workspace.platform });
}
