// Discord's typed options, turned back into the catalogue's text values so that the one validator
// (validateAction, with each action's zod schema) checks them as in the shell and on Slack:
// integers and booleans as their text, users as <@id>.
import { ApplicationCommandOptionType, type APIApplicationCommandInteractionDataOption, type APIUser } from "discord.js";
import { findCommand, validateAction, type ParseResult } from "../../../commands/index.ts";
import { hasSubcommands } from "./registration.ts";

export interface ChatInputValues {
  command: string;
  action: string;
  raw: Record<string, string>;
  /** Discord usernames of the users named in USER options, by id. */
  usernames: Map<string, string>;
}

export const mention = (userId: string): string => `<@${userId}>`;
const MENTION = /^<@!?(\d{15,25})>$/;
export const mentionedId = (text: string): string | null => MENTION.exec(text.trim())?.[1] ?? null;

/**
 * The action and the text values of a slash command, from its options as Discord sent them; null when
 * the subcommand is not in the catalogue. `users` are the interaction's resolved users (usernames).
 */
export function readChatInput(
  commandName: string,
  data: readonly APIApplicationCommandInteractionDataOption[],
  users: Readonly<Record<string, Pick<APIUser, "username">>> = {},
): ChatInputValues | null {
  const spec = findCommand(commandName);
  if (!spec) return null;
  let action = "";
  let options = data;
  if (hasSubcommands(spec)) {
    const sub = data[0];
    if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand || !(sub.name in spec.actions)) return null;
    action = sub.name;
    options = sub.options ?? [];
  }
  const raw: Record<string, string> = {};
  const usernames = new Map<string, string>();
  for (const option of options) {
    if (!("value" in option) || option.value === undefined || option.value === null) continue;
    if (option.type === ApplicationCommandOptionType.User) {
      const id = String(option.value);
      raw[option.name] = mention(id);
      const user = users[id];
      if (user) usernames.set(id, user.username);
    } else {
      raw[option.name] = String(option.value);
    }
  }
  return { command: spec.name, action, raw, usernames };
}

/** Validates the text values with the catalogue's one validator, as the shell and Slack do. */
export function validate(commandName: string, action: string, raw: Record<string, string>): ParseResult {
  const command = findCommand(commandName);
  if (!command) return { ok: false, error: `/${commandName} is not a command I know. /help lists them all.` };
  return validateAction(command, action, raw);
}
