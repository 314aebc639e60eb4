// Discord's typed options, turned back into the catalogue's text values so that the same zod schemas
// validate them as in the shell and on Slack: integers and booleans as their text, users as <@id>.
import { ApplicationCommandOptionType, type CommandInteractionOption } from "discord.js";
import { actionKey, findCommand, type ActionSpec, type CommandSpec, type ParsedCommand } from "../../../commands/index.ts";
import { actionSchema } from "../../../commands/spec.ts";
import { hasSubcommands } from "./registration.ts";

export type Validated = { ok: true; value: ParsedCommand } | { ok: false; error: string };

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

/** The action and the text values of a slash command; null when the subcommand is not in the catalogue. */
export function readChatInput(commandName: string, data: readonly CommandInteractionOption[]): ChatInputValues | null {
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
    if (option.value === undefined || option.value === null) continue;
    if (option.type === ApplicationCommandOptionType.User) {
      const id = String(option.value);
      raw[option.name] = mention(id);
      if (option.user) usernames.set(id, option.user.username);
    } else {
      raw[option.name] = String(option.value);
    }
  }
  return { command: spec.name, action, raw, usernames };
}

/**
 * Each action's schema, built once: zod compiles an object schema on its first use, which cost more
 * than the rest of an interaction's handling when a storm of votes built it afresh every time.
 */
const schemas = new WeakMap<ActionSpec, ReturnType<typeof actionSchema>>();
function schemaOf(spec: ActionSpec): ReturnType<typeof actionSchema> {
  let schema = schemas.get(spec);
  if (!schema) schemas.set(spec, (schema = actionSchema(spec)));
  return schema;
}

function usage(command: CommandSpec, action: string, spec: ActionSpec): string {
  const options = Object.entries(spec.options).map(([name, o]) => (o.required ? `${name}:` : `[${name}:]`));
  return ["/" + actionKey(command.name, action), ...options].join(" ");
}

/** Validates text values with the action's zod schema, as the text grammar does. */
export function validate(commandName: string, action: string, raw: Record<string, string>): Validated {
  const command = findCommand(commandName);
  const spec = command?.actions[action];
  if (!command || !spec) return { ok: false, error: `/${actionKey(commandName, action)} is not a command I know. /help lists them all.` };
  const unknown = Object.keys(raw).filter((name) => !(name in spec.options));
  if (unknown.length) {
    return { ok: false, error: `/${actionKey(command.name, action)} has no option ${unknown.join(", ")}. The commands may need deploying again (npm run discord:deploy).` };
  }
  const result = schemaOf(spec).safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? "");
      return raw[field] === undefined ? `${field}: is required` : `${field}: ${issue.message}`;
    });
    return { ok: false, error: `${problems.join("; ")}. Usage: ${usage(command, action, spec)}` };
  }
  return { ok: true, value: { command: command.name, action, key: actionKey(command.name, action), args: result.data } };
}
