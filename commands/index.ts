// The catalogue: the contract of command names and options that users, docs and scripts rely on.
import { agency } from "./agency.ts";
import { decisions } from "./decisions.ts";
import { delegate } from "./delegate.ts";
import { help } from "./help.ts";
import { outbox } from "./outbox.ts";
import { parseLine } from "./grammar.ts";
import { poll } from "./poll.ts";
import { role } from "./role.ts";
import { setup } from "./setup.ts";
import type { ActionSpec, ArgsOf, CommandSpec } from "./spec.ts";
import { advisor } from "./advisor.ts";
import { meeting } from "./meeting.ts";
import { venue } from "./venue.ts";
import { announce } from "./announce.ts";
import { announcement } from "./announcement.ts";
import { chair } from "./chair.ts";
import { exportCommand } from "./export.ts";
import { membership } from "./membership.ts";
import { tor } from "./tor.ts";
import { workplan } from "./workplan.ts";
import { waiting } from "./waiting.ts";
import { group } from "./group.ts";

/** The commands with their exact types, from which each action's argument type is read. */
const commands = [
  agency, membership, delegate, role, chair, poll, meeting, venue, advisor, announce, announcement, decisions, exportCommand, tor, workplan, setup, group, outbox, waiting, help,
] as const satisfies readonly CommandSpec[];

/** The same commands, as code that walks the catalogue (help, docs, registrations) sees them. */
export const catalogue: readonly CommandSpec[] = commands;

export type { ActionSpec, ArgsOf, CommandSpec, OptionSpec } from "./spec.ts";

type Catalogue = (typeof commands)[number];
/** "poll open", or "decisions" for a command without subcommands. */
type KeyOf<N extends string, A extends string> = A extends "" ? N : `${N} ${A}`;
type Entries<C> = C extends CommandSpec<infer N, infer A> ? { [K in keyof A & string]: { key: KeyOf<N, K>; command: N; args: ArgsOf<A[K]> } }[keyof A & string] : never;
type Entry = Entries<Catalogue>;

/** Every action of the catalogue by its key ("poll open", "decisions"). */
export type ActionKey = Entry["key"];
/** The command names ("poll"). */
export type CommandName = Catalogue["name"];
/** The typed arguments of each action, straight from its zod schema. */
export type ActionArgs = { [K in ActionKey]: Extract<Entry, { key: K }>["args"] };
/** The action keys of one command: ActionKeyOf<"poll"> is "poll open" | "poll list" | …. */
export type ActionKeyOf<N extends CommandName> = Extract<Entry, { command: N }>["key"];

export const actionKey = (command: string, action: string): string => (action ? `${command} ${action}` : command);

export function allActionKeys(): string[] {
  return catalogue.flatMap((c) => Object.keys(c.actions).map((a) => actionKey(c.name, a)));
}

export function findCommand(name: string): CommandSpec | undefined {
  return catalogue.find((c) => c.name === name.toLowerCase());
}

/** A validated command: its key and the arguments its action's zod schema produced, typed by the key. */
export type ParsedCommand = { [K in ActionKey]: { command: string; action: string; key: K; args: ActionArgs[K] } }[ActionKey];

export type ParseResult = { ok: true; value: ParsedCommand } | { ok: false; error: string };

const usage = (c: CommandSpec, a: string): string => {
  const spec = c.actions[a]!;
  const opts = Object.entries(spec.options).map(([n, o]) => (o.required ? `${n}:${placeholder(o.kind, o.choices)}` : `[${n}:${placeholder(o.kind, o.choices)}]`));
  return ["/" + actionKey(c.name, a), ...opts].join(" ");
};

function placeholder(kind: string, choices?: readonly string[]): string {
  if (choices) return choices.join("|");
  return { text: '"…"', integer: "N", boolean: "true|false", user: "USER", when: "WHEN", date: "DATE", agency: "CODE", agencies: "CODE[,CODE]", offsets: "N[,N]", timezone: "Area/City", percent: "PERCENT", choice: "…" }[kind] ?? "…";
}

export function usageOf(c: CommandSpec): string[] {
  return Object.keys(c.actions).map((a) => `${usage(c, a)} — ${c.actions[a]!.description}`);
}

/** Parses and validates one line of the text grammar against the catalogue. */
export function parseCommand(line: string): ParseResult {
  const parsed = parseLine(line);
  if (!parsed.ok) return parsed;
  const { words, options, repeated } = parsed.value;
  const name = words[0];
  if (!name) return { ok: false, error: "Type a command, such as /poll list. /help lists them all." };
  const c = findCommand(name);
  if (!c) return { ok: false, error: `There is no command /${name}. The commands are: ${catalogue.map((x) => "/" + x.name).join(", ")}. /help explains them.` };

  let actionName = "";
  let rest = words.slice(1);
  if (!Object.hasOwn(c.actions, "")) {
    const sub = words[1]?.toLowerCase();
    if (!sub || !Object.hasOwn(c.actions, sub)) {
      const said = sub ? `/${c.name} has no subcommand ${sub}. ` : "";
      return { ok: false, error: `${said}Use one of:\n${usageOf(c).join("\n")}` };
    }
    actionName = sub;
    rest = words.slice(2);
  }
  const spec: ActionSpec = c.actions[actionName]!;
  if (repeated.length) return { ok: false, error: `${repeated.map((r) => r + ":").join(", ")} given more than once. Give each option once.` };

  const raw: Record<string, string> = { ...options };
  if (rest.length > 0) {
    if (!spec.positional || rest.length > 1 || spec.positional in raw) {
      return { ok: false, error: `I did not understand "${rest.join(" ")}". Write options as name:value (quote values with spaces). Usage: ${usage(c, actionName)}` };
    }
    raw[spec.positional] = rest[0]!;
  }
  return validateAction(c, actionName, raw);
}

/**
 * The one validator: text values of one action (from the grammar, Slack's text or Discord's typed
 * options) against the catalogue's options and the action's zod schema.
 */
export function validateAction(c: CommandSpec, actionName: string, raw: Record<string, string>): ParseResult {
  const spec = Object.hasOwn(c.actions, actionName) ? c.actions[actionName] : undefined;
  if (!spec) return { ok: false, error: `/${actionKey(c.name, actionName)} is not a command I know. /help lists them all.` };
  const unknown = Object.keys(raw).filter((k) => !Object.hasOwn(spec.options, k));
  if (unknown.length) {
    const valid = Object.keys(spec.options);
    return {
      ok: false,
      error: `/${actionKey(c.name, actionName)} has no option ${unknown.map((u) => u + ":").join(", ")}. ${valid.length ? `Its options are ${valid.map((v) => v + ":").join(", ")}.` : "It takes no options."} Usage: ${usage(c, actionName)}`,
    };
  }
  const result = spec.schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const field = String(i.path[0] ?? "");
      return raw[field] === undefined ? `${field}: is required` : `${field}: ${i.message}`;
    });
    return { ok: false, error: `${problems.join("; ")}. Usage: ${usage(c, actionName)}` };
  }
  // The key and the arguments come from the same catalogue entry, looked up by name at run time;
  // this is where the name becomes its type again.
  return { ok: true, value: { command: c.name, action: actionName, key: actionKey(c.name, actionName), args: result.data } as ParsedCommand };
}
