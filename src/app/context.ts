import type { ActionArgs, ActionKey, ActionKeyOf, CommandName } from "../../commands/index.ts";
import type { Caller } from "../core/access/actor.ts";
import type { Deps } from "../core/deps.ts";
import type { UserRef } from "../core/people/userRef.ts";
import type { Identity } from "../core/people/person.ts";
import type { Group, WorkspaceRef } from "../core/setup/group.ts";
import type { Reply } from "./reply.ts";

/** Everything a command handler needs, supplied by the adapter that received the command. */
export interface CommandContext {
  deps: Deps;
  caller: Caller;
  group: Group;
  /** The channel the command came from, for /setup channel. */
  channelId: string;
  /** Where the bot's HTTP routes are reached from outside (PUBLIC_URL), for the addresses it gives. */
  publicUrl?: string;
  /** The Discord server or Slack workspace the command came from; absent in the shell. */
  workspace?: WorkspaceRef;
  /** The operators named in the configuration (BOT_OPERATORS; the shell's operator in the shell). */
  operators?: readonly Identity[];
  /** Turns a USER option (a mention, or a handle in the shell) into a person reference. */
  resolveUser(text: string): UserRef;
}

/** Runs one action: its arguments are typed by the action's zod schema in the catalogue. */
export type Handler<K extends ActionKey> = (ctx: CommandContext, args: ActionArgs[K]) => Promise<Reply>;
/** A handler for each of the actions K, and no other. */
export type Handlers<K extends ActionKey> = { [P in K]: Handler<P> };
/** The handlers of every action of the named commands: `CommandHandlers<"poll">`. */
export type CommandHandlers<N extends CommandName> = Handlers<ActionKeyOf<N>>;
