import type { Caller } from "../core/access/actor.ts";
import type { Deps } from "../core/deps.ts";
import type { UserRef } from "../core/people/userRef.ts";
import type { Group } from "../core/setup/group.ts";

/** Everything a command handler needs, supplied by the adapter that received the command. */
export interface CommandContext {
  deps: Deps;
  caller: Caller;
  group: Group;
  /** The channel the command came from, for /setup channel. */
  channelId: string;
  /** Turns a USER option (a mention, or a handle in the shell) into a person reference. */
  resolveUser(text: string): UserRef;
}

export type Handler = (ctx: CommandContext, args: Record<string, unknown>) => Promise<import("./reply.ts").Reply>;
