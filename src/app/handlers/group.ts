import { createWorkspaceGroup } from "../../core/groups/createWorkspaceGroup.ts";
import { giveJoinCode } from "../../core/groups/giveJoinCode.ts";
import { joinWorkspace } from "../../core/groups/joinWorkspace.ts";
import { showGroup } from "../../core/groups/showGroup.ts";
import type { Speaker } from "../../core/groups/speaker.ts";
import type { Identity } from "../../core/people/person.ts";
import type { Deps } from "../../core/deps.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { WorkspaceRef } from "../../core/setup/group.ts";
import type { ActionArgs } from "../../../commands/index.ts";
import type { CommandContext, CommandHandlers } from "../context.ts";
import { refused, whisper, type Reply } from "../reply.ts";

/** What /group create and /group join need: they also run in a workspace that has no group yet. */
export interface WorkspaceContext {
  deps: Deps;
  speaker: Speaker;
  workspace: WorkspaceRef | null;
  operators: readonly Identity[];
}

const where = (w: WorkspaceRef | null): string => (w ? (w.platform === "discord" ? "This Discord server" : "This Slack workspace") : "The shell");

/** The commands that give a workspace its group, with or without one (see src/app/workspaceGroups.ts). */
export const workspaceHandlers = {
  "group create": async (ctx: WorkspaceContext, a: ActionArgs["group create"]): Promise<Reply> => {
    const r = await createWorkspaceGroup(ctx.deps, ctx.speaker, { name: a.name, timezone: a.timezone, workspace: ctx.workspace }, ctx.operators);
    if (!r.ok) return refused(r.refusal);
    const { group } = r.value;
    return whisper(
      `${where(ctx.workspace)} now ${ctx.workspace ? "belongs to" : "works in"} the new group «${group.name}» (#${group.id}), where you are an operator with Secretariat rights. ` +
        "Bind its channels with /setup channel purpose:announcements and purpose:secretariat, then record the agencies with /agency add. " +
        "To add a workspace on the other platform, give a code with /group code.",
      { id: group.id, group: group.id },
    );
  },
  "group join": async (ctx: WorkspaceContext, a: ActionArgs["group join"]): Promise<Reply> => {
    const r = await joinWorkspace(ctx.deps, ctx.speaker, ctx.workspace, a.code, ctx.operators);
    if (!r.ok) return refused(r.refusal);
    return whisper(
      `${where(r.value.workspace)} now belongs to the group «${r.value.group.name}» (#${r.value.group.id}). Bind its channels with /setup channel, so that announcements and reminders reach it too.`,
      { group: r.value.group.id, joined: r.value.workspace },
    );
  },
};

const workspaceContextOf = (ctx: CommandContext): WorkspaceContext => ({ deps: ctx.deps, speaker: ctx.caller, workspace: ctx.workspace ?? null, operators: ctx.operators ?? [] });

export const groupHandlers: CommandHandlers<"group"> = {
  "group create": (ctx, a) => workspaceHandlers["group create"](workspaceContextOf(ctx), a),
  "group join": (ctx, a) => workspaceHandlers["group join"](workspaceContextOf(ctx), a),
  "group code": async (ctx) => {
    const r = await giveJoinCode(ctx.deps, ctx.caller, ctx.workspace ?? null);
    if (!r.ok) return refused(r.refusal);
    return whisper(
      `Your code is ${r.value.code}. In the Discord server or Slack workspace to join to «${r.value.group.name}», an operator named in BOT_OPERATORS sends /group join code:${r.value.code} before ${timeMarker(r.value.expiresAt)}. It works once; keep it to yourself.`,
      { code: r.value.code, expiresAt: r.value.expiresAt.toISOString() },
    );
  },
  "group show": async (ctx) => {
    const r = await showGroup(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const { group, workspaces } = r.value;
    const list = workspaces.map((w) => `${w.platform === "discord" ? "Discord server" : "Slack workspace"} ${w.id}`);
    return whisper(`«${group.name}» (#${group.id}), time zone ${group.timezone}. ${list.length ? `Workspaces: ${list.join(", ")}.` : "No Discord server or Slack workspace belongs to it yet."}`, {
      group: group.id,
      workspaces,
    });
  },
};
