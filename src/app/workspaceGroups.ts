// The one way a request from a chat platform finds its group: every command, button, form and
// autocomplete from a Discord server (guild id) or a Slack workspace (team id) runs in the group that
// workspace belongs to. The Slack adapter, the Discord gateway adapter and the Discord HTTP
// interactions receiver all call `runInWorkspace` (and `WorkspaceGroups.resolve` for autocomplete).
import type { ParsedCommand } from "../../commands/index.ts";
import type { Deps } from "../core/deps.ts";
import { groupOfWorkspace } from "../core/groups/workspaceGroup.ts";
import type { Speaker } from "../core/groups/speaker.ts";
import type { Identity } from "../core/people/person.ts";
import { ok, type Result } from "../core/shared/result.ts";
import type { Group, WorkspaceRef } from "../core/setup/group.ts";
import type { CommandContext } from "./context.ts";
import { runParsed } from "./dispatch.ts";
import { workspaceHandlers } from "./handlers/group.ts";
import { refused, type Reply } from "./reply.ts";

const keyOf = (w: WorkspaceRef): string => `${w.platform}:${w.id}`;

/**
 * Workspaces' groups, each kept for a short while: a vote should not read its group's settings every
 * time. A workspace never changes group, so only the settings (time zone, reminders) can be stale, by
 * at most `maxAgeMs`; a command that changes them (/setup) forgets them at once. A workspace of no
 * group is never cached, so that it is served as soon as an operator gives it one, on any replica.
 */
export class WorkspaceGroups {
  private readonly known = new Map<string, { group: Group; at: number }>();
  private readonly reading = new Map<string, Promise<Result<Group>>>();

  constructor(
    readonly deps: Deps,
    private readonly maxAgeMs = 5000,
  ) {}

  resolve(workspace: WorkspaceRef | null): Promise<Result<Group>> {
    if (!workspace) return groupOfWorkspace(this.deps, null);
    const key = keyOf(workspace);
    const cached = this.known.get(key);
    if (cached && Date.now() - cached.at < this.maxAgeMs) return Promise.resolve(ok(cached.group));
    let read = this.reading.get(key);
    if (!read) {
      read = groupOfWorkspace(this.deps, workspace)
        .then((result) => {
          if (result.ok && this.maxAgeMs > 0) this.known.set(key, { group: result.value, at: Date.now() });
          return result;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, read);
    }
    return read;
  }

  forget(workspace: WorkspaceRef | null): void {
    if (workspace) this.known.delete(keyOf(workspace));
  }
}

/** Where a request comes from and who sent it, as the platform told the adapter. */
export interface WorkspaceRequest {
  workspace: WorkspaceRef | null;
  speaker: Speaker;
  /** The operators named in the configuration: who may act for a workspace of no group. */
  operators: readonly Identity[];
}

/**
 * Runs a command in its workspace's group, in a context the adapter builds for that group. A workspace
 * of no group runs only /group create and /group join; anything else gets the answer that tells an
 * operator how to give it a group, and nothing is written.
 */
export async function runInWorkspace(groups: WorkspaceGroups, request: WorkspaceRequest, parsed: ParsedCommand, contextFor: (group: Group) => CommandContext): Promise<Reply> {
  const resolved = await groups.resolve(request.workspace);
  if (resolved.ok) {
    const reply = await runParsed({ ...contextFor(resolved.value), ...(request.workspace ? { workspace: request.workspace } : {}), operators: request.operators }, parsed);
    if (parsed.command === "setup") groups.forget(request.workspace);
    return reply;
  }
  if (resolved.refusal.reason === "workspace_without_group" && (parsed.key === "group create" || parsed.key === "group join")) {
    const ctx = { deps: groups.deps, speaker: request.speaker, workspace: request.workspace, operators: request.operators };
    return parsed.key === "group create" ? workspaceHandlers["group create"](ctx, parsed.args) : workspaceHandlers["group join"](ctx, parsed.args);
  }
  return refused(resolved.refusal);
}
