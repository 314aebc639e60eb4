// Tab completion for the interactive shell, read from the catalogue (the one list of commands,
// subcommands, options and choices) plus the shell's own words (`as`, `:now`, `:advance`).
import { catalogue, findCommand, type OptionSpec } from "../../../commands/index.ts";

export const SHELL_WORDS = ["as ", ":now", ":advance "] as const;

/** The words typed so far, and the one being typed (empty after a space). Inside quotes: null. */
function split(line: string): { done: string[]; current: string } | null {
  const done: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current) done.push(current);
      current = "";
    } else current += char;
  }
  return quoted ? null : { done, current };
}

const starting = (prefix: string, candidates: readonly string[]) => candidates.filter((c) => c.toLowerCase().startsWith(prefix.toLowerCase()));

/** The values an option can take, where the catalogue knows them. */
function valuesOf(option: OptionSpec): readonly string[] {
  if (option.choices) return option.choices;
  if (option.kind === "boolean") return ["true", "false"];
  return [];
}

/**
 * node:readline's completer: given the line up to the cursor, the candidates that replace its last
 * word, and that word. Command names end with a space, option names with a colon.
 */
export function completeLine(line: string): [string[], string] {
  const words = split(line);
  if (!words) return [[], ""];
  const { done, current } = words;
  if (done.length === 0) {
    const commands = catalogue.map((c) => `/${c.name} `);
    return [starting(current, current.startsWith("/") ? commands : [...commands, ...SHELL_WORDS]), current];
  }
  const command = done[0]!.startsWith("/") ? findCommand(done[0]!.slice(1)) : undefined;
  if (!command) return [[], current];

  const hasSubcommands = !Object.hasOwn(command.actions, "");
  if (hasSubcommands && done.length === 1) return [starting(current, Object.keys(command.actions).map((a) => `${a} `)), current];
  const action = command.actions[hasSubcommands ? done[1]!.toLowerCase() : ""];
  if (!action) return [[], current];

  const colon = current.indexOf(":");
  if (colon >= 0) {
    const name = current.slice(0, colon);
    const option = action.options[name];
    const values = option ? valuesOf(option).map((v) => `${name}:${v} `) : [];
    return [starting(current, values), current];
  }
  const given = new Set(done.map((w) => w.split(":")[0]));
  const options = Object.keys(action.options).filter((name) => !given.has(name)).map((name) => `${name}:`);
  // `/help po` names a command without its slash.
  const positional = action.positional === "command" && command.name === "help" ? catalogue.map((c) => `${c.name} `) : [];
  return [starting(current, [...options, ...positional]), current];
}
