// The slash commands Discord shows, generated from the catalogue: every command, subcommand and
// option there appears here with a native type, so a new catalogue entry needs no Discord code.
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { catalogue as defaultCatalogue, type CommandSpec, type OptionSpec } from "../../../commands/index.ts";

/** Discord's published limits for chat-input commands. */
export const DISCORD_LIMITS = {
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  stringLength: 6000,
  /** Names, descriptions, choice names and values of one command and everything under it. */
  commandCharacters: 4000,
  /** Integers Discord accepts for an integer option: ±2^53. */
  integer: 2 ** 53,
} as const;

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** The actions of a command with no subcommands are reached as `/decisions year:2026`. */
export const hasSubcommands = (spec: CommandSpec): boolean => !("" in spec.actions);

/** A bound of an integer option, as the catalogue states it, if Discord can hold it. */
const integerBound = (value: number | undefined): number | undefined => (value !== undefined && Math.abs(value) < DISCORD_LIMITS.integer ? value : undefined);

function optionJson(name: string, option: OptionSpec, descriptionMax: number): APIApplicationCommandBasicOption {
  const base = { name, description: clip(option.description, descriptionMax), required: option.required };
  const autocomplete = option.completion !== undefined;
  switch (option.kind) {
    case "integer":
    case "percent": {
      const min = integerBound(option.bounds?.min);
      const max = integerBound(option.bounds?.max);
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(min !== undefined ? { min_value: min } : {}),
        ...(max !== undefined ? { max_value: max } : {}),
        ...(autocomplete ? { autocomplete: true } : {}),
      };
    }
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "user":
      return { ...base, type: ApplicationCommandOptionType.User };
    default: {
      const length = option.maxLength ? { max_length: Math.min(option.maxLength, DISCORD_LIMITS.stringLength) } : {};
      const choices = option.choices ?? [];
      // Discord lists at most 25 fixed choices; a longer list is offered through autocomplete instead.
      if (choices.length > 0 && choices.length <= DISCORD_LIMITS.choices) {
        return { ...base, type: ApplicationCommandOptionType.String, choices: choices.map((c) => ({ name: clip(c, DISCORD_LIMITS.choiceName), value: c })) };
      }
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, ...length, ...(autocomplete || choices.length > 0 ? { autocomplete: true } : {}) };
    }
  }
}

/** Discord wants the required options first. */
function optionsOf(options: Record<string, OptionSpec>, descriptionMax: number): APIApplicationCommandBasicOption[] {
  const entries = Object.entries(options);
  const ordered = [...entries.filter(([, o]) => o.required), ...entries.filter(([, o]) => !o.required)];
  return ordered.map(([name, option]) => optionJson(name, option, descriptionMax));
}

function commandJson(spec: CommandSpec, optionDescriptionMax: number): CommandJson {
  const options: APIApplicationCommandOption[] = hasSubcommands(spec)
    ? Object.entries(spec.actions).map(([action, a]) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: action,
        description: clip(a.description, DISCORD_LIMITS.description),
        options: optionsOf(a.options, optionDescriptionMax),
      }))
    : optionsOf(spec.actions[""]!.options, optionDescriptionMax);
  return { name: spec.name, description: clip(spec.description, DISCORD_LIMITS.description), options };
}

/** What Discord counts towards a command's 4,000 characters. */
export function countedCharacters(json: CommandJson): number {
  const inOption = (o: APIApplicationCommandOption): number => {
    const own = o.name.length + o.description.length;
    const choices = "choices" in o && o.choices ? o.choices.reduce((n, c) => n + c.name.length + String(c.value).length, 0) : 0;
    const nested = "options" in o && o.options ? o.options.reduce((n, x) => n + inOption(x as APIApplicationCommandOption), 0) : 0;
    return own + choices + nested;
  };
  return json.name.length + json.description.length + (json.options ?? []).reduce((n, o) => n + inOption(o), 0);
}

/**
 * One command's registration. A command with many subcommands can exceed Discord's character budget,
 * so option descriptions are shortened step by step until it fits; the catalogue keeps the full text.
 */
export function registrationOf(spec: CommandSpec): CommandJson {
  for (let max: number = DISCORD_LIMITS.description; max >= 20; max -= 10) {
    const json = commandJson(spec, max);
    if (countedCharacters(json) <= DISCORD_LIMITS.commandCharacters) return json;
  }
  throw new Error(`/${spec.name} does not fit Discord's ${DISCORD_LIMITS.commandCharacters}-character limit even with short descriptions; split it`);
}

export function registrationJson(catalogue: readonly CommandSpec[] = defaultCatalogue): CommandJson[] {
  return catalogue.map(registrationOf);
}
