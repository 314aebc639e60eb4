// Autocomplete for the options whose catalogue entry names a completion: poll numbers, open polls,
// agency codes and meetings come from the core, so a suggestion is always something that exists.
import type { Caller } from "../../core/access/actor.ts";
import { listAgencies } from "../../core/agencies/manageAgencies.ts";
import type { Deps } from "../../core/deps.ts";
import { isUpcoming } from "../../core/meetings/meeting.ts";
import { listMeetings } from "../../core/meetings/viewMeetings.ts";
import type { Poll } from "../../core/polls/poll.ts";
import { listPolls } from "../../core/polls/viewPolls.ts";
import type { Result } from "../../core/shared/result.ts";
import { findCommand, type OptionSpec } from "../../../commands/index.ts";
import type { Completion } from "../../../commands/spec.ts";
import { hasSubcommands } from "./registration.ts";
import { clip } from "./rendering.ts";

export interface Choice {
  name: string;
  value: string | number;
}

/** Discord shows at most 25 suggestions. */
export const MAX_CHOICES = 25;

type Source = (deps: Deps, caller: Caller, typed: string) => Promise<Choice[]>;

const matches = (typed: string, ...texts: string[]) => {
  const needle = typed.trim().toLowerCase().replace(/^#/, "");
  return needle === "" || texts.some((t) => t.toLowerCase().includes(needle));
};

const pollChoices = (polls: Poll[], typed: string): Choice[] =>
  polls
    .filter((p) => matches(typed, String(p.id), p.title))
    .sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === "open" ? -1 : 1))
    .map((p) => ({ name: clip(`#${p.id} ${p.title} (${p.status === "open" ? "open" : p.outcome ?? "closed"})`, 100), value: p.id }));

/** What a read returned, or nothing for a caller it refused: completions offer only what the caller may see. */
const seen = <T>(r: Result<T[]>): T[] => (r.ok ? r.value : []);

const SOURCES: Record<Completion, Source> = {
  poll: async (deps, caller, typed) => pollChoices(seen(await listPolls(deps, caller)), typed),
  "open-poll": async (deps, caller, typed) => pollChoices(seen(await listPolls(deps, caller, "open")), typed),
  agency: async (deps, caller, typed) =>
    seen(await listAgencies(deps, caller))
      .filter((a) => a.status !== "withdrawn" && matches(typed, a.code, a.name))
      .map((a) => ({ name: clip(`${a.code} — ${a.name}`, 100), value: a.code })),
  meeting: async (deps, caller, typed) =>
    seen(await listMeetings(deps, caller))
      .filter((m) => matches(typed, String(m.id), m.title, m.city ?? ""))
      // Upcoming meetings first (the ones proposals and advisor notices are about), latest first.
      .sort((a, b) => Number(isUpcoming(b)) - Number(isUpcoming(a)) || b.id - a.id)
      .map((m) => ({ name: clip(`#${m.id} ${m.title} (${m.startsOn}, ${m.status})`, 100), value: m.id })),
};

/** The option spec behind the option being typed, or null for an option the catalogue no longer has. */
export function optionBeingTyped(commandName: string, subcommand: string | null, option: string): OptionSpec | null {
  const command = findCommand(commandName);
  if (!command) return null;
  const action = hasSubcommands(command) ? subcommand : "";
  if (action === null) return null;
  return command.actions[action]?.options[option] ?? null;
}

/** Discord wants a number for an integer option and a string for a string one. */
const typedFor = (option: OptionSpec, choice: Choice): Choice => ({
  name: choice.name,
  value: option.kind === "integer" || option.kind === "percent" ? Number(choice.value) : String(choice.value),
});

export async function suggestionsFor(option: OptionSpec, typed: string, deps: Deps, caller: Caller): Promise<Choice[]> {
  return (await untypedSuggestions(option, typed, deps, caller)).map((c) => typedFor(option, c));
}

async function untypedSuggestions(option: OptionSpec, typed: string, deps: Deps, caller: Caller): Promise<Choice[]> {
  if (option.completion) {
    // For a list of codes (ESA,CNES), the last code is the one being typed.
    const lastComma = option.kind === "agencies" ? typed.lastIndexOf(",") : -1;
    const prefix = lastComma >= 0 ? typed.slice(0, lastComma + 1) : "";
    const choices = await SOURCES[option.completion](deps, caller, typed.slice(prefix.length));
    return choices.slice(0, MAX_CHOICES).map((c) => (prefix ? { name: clip(prefix + c.name, 100), value: prefix + String(c.value) } : c));
  }
  // A choice list too long for Discord's fixed choices is offered here instead.
  return (option.choices ?? [])
    .filter((c) => matches(typed, c))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: c, value: c }));
}
