// The shape of the catalogue: names, descriptions and typed options, each with the zod schema that
// validates its text form. Nothing here knows about a platform.
import { z } from "zod";
import { DURATION } from "../src/core/shared/when.ts";

export type OptionKind = "text" | "integer" | "boolean" | "user" | "when" | "date" | "choice" | "agency" | "timezone" | "percent" | "agencies" | "offsets";

/** What an adapter may offer as completions for an option. */
export type Completion = "poll" | "open-poll" | "agency" | "meeting";

/**
 * One option: its kind (how platforms show it), and the zod schema of its text form, whose output
 * type is what the handler receives. `R` records whether it is required, so that an action's
 * arguments type (see ArgsOf) makes an optional option `T | undefined` and a required one `T`.
 */
export interface OptionSpec<T = unknown, R extends boolean = boolean> {
  kind: OptionKind;
  description: string;
  required: R;
  choices?: readonly string[];
  completion?: Completion;
  maxLength?: number;
  /** For numbers: the smallest and largest value accepted (a platform with typed options offers them). */
  bounds?: { min: number; max: number };
  schema: z.ZodType<T>;
}

// biome-ignore lint/suspicious/noExplicitAny: the widest option, whatever its value type
export type AnyOption = OptionSpec<any, boolean>;
export type Options = Record<string, AnyOption>;

/** The zod shape of an action: each option's schema, made optional unless the option is required. */
export type ShapeOf<O extends Options> = {
  [K in keyof O]: O[K] extends OptionSpec<infer T, infer R> ? (R extends true ? z.ZodType<T> : z.ZodOptional<z.ZodType<T>>) : never;
};

/** The whole action's schema: what validates a command's text values, and whose output a handler gets. */
export type ActionSchema<O extends Options> = z.ZodObject<ShapeOf<O>>;

export interface ActionSpec<O extends Options = Options> {
  description: string;
  options: O;
  /** A bare word after the action fills this option: `/help poll`, `/decisions 2026`. */
  positional?: string;
  /** Built once with the action: zod compiles an object schema on its first use, which cost more than the rest of a vote's handling when a storm of votes built it afresh every time. */
  schema: ActionSchema<O>;
}

/** The typed arguments an action's handler receives: the output of the action's zod schema. */
export type ArgsOf<A extends ActionSpec> = z.infer<A["schema"]>;

export interface CommandSpec<N extends string = string, A extends Record<string, ActionSpec> = Record<string, ActionSpec>> {
  name: N;
  description: string;
  /** Keyed by subcommand; the key "" is a command used without one (`/announce text:…`). */
  actions: A;
}

type Extra<R extends boolean> = { required?: R; completion?: Completion | undefined };

const build = <T, R extends boolean = false>(
  kind: OptionKind,
  description: string,
  schema: z.ZodType<T>,
  extra: Extra<R> & { choices?: readonly string[]; maxLength?: number; bounds?: { min: number; max: number } } = {},
): OptionSpec<T, NoInfer<R>> => ({
  kind,
  description,
  // `required` is absent exactly when R is its default, false.
  required: (extra.required ?? false) as R,
  schema,
  ...(extra.choices ? { choices: extra.choices } : {}),
  ...(extra.completion ? { completion: extra.completion } : {}),
  ...(extra.maxLength ? { maxLength: extra.maxLength } : {}),
  ...(extra.bounds ? { bounds: extra.bounds } : {}),
});

// A duration (DURATION, compound as 1d12h) or an ISO date, date-time, or date-time with an offset that
// exists (-12:00 to +14:00, minutes under 60: +99:99 is not one).
const WHEN = new RegExp(`^(?:${DURATION.source.slice(1, -1)}|\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-](?:(?:0\\d|1[0-3]):?[0-5]\\d|14:?00))?)?)$`, "i");
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Ids and counts are plain decimal numbers: 0x10, 1e3 or 0b1 are not read as 16, 1000 or 1. */
const DECIMAL = /^\d{1,15}$/;

const YEARS = { min: 2000, max: 2200 };

/** The largest id a database row can have (a 32-bit integer column); beyond it there is nothing to find. */
export const MAX_ID = 2_147_483_647;

/** A whole number written in digits, within the bounds, with a message that gives them. */
const wholeNumber = (min: number, max: number, what = "a whole number") =>
  z
    .string({ error: `must be ${what} from ${min} to ${max}` })
    .trim()
    .regex(DECIMAL, `must be ${what} written in digits, from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`));

/**
 * Free text reaches other people (titles, reasons, announcements, names), in terminals too (the shell,
 * logs). What could hide or rewrite what they read is taken out before anything is stored: terminal
 * escape sequences, NUL and the other control characters (new lines and tabs stay), and the Unicode
 * bidirectional overrides and isolates that make text display in another order than it is stored.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const TERMINAL_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
export const cleanText = (text: string): string => text.replace(TERMINAL_SEQUENCES, "").replace(CONTROLS, "").replace(BIDI_CONTROLS, "").trim();

export const opt = {
  text: <R extends boolean = false>(description: string, extra: Extra<R> & { max?: number } = {}) => {
    const max = extra.max ?? 2000;
    return build("text", description, z.string().transform(cleanText).pipe(z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`)), { ...extra, maxLength: max });
  },
  integer: <R extends boolean = false>(description: string, extra: Extra<R> & { min?: number; max?: number } = {}) => {
    const bounds = { min: extra.min ?? 1, max: extra.max ?? MAX_ID };
    return build("integer", description, wholeNumber(bounds.min, bounds.max), { ...extra, bounds });
  },
  boolean: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("boolean", description, z.enum(["true", "false", "yes", "no"], { error: "must be true or false" }).transform((v) => v === "true" || v === "yes"), extra),
  user: <R extends boolean = false>(description: string, extra: Extra<R> = {}) => build("user", description, z.string().trim().min(1, "must name a user"), extra),
  when: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("when", description, z.string().trim().regex(WHEN, "must be a date (2026-12-01), a date-time (2026-12-01T14:00, optionally with an offset such as +02:00) or a duration (90m, 48h, 7d, 1d12h)"), extra),
  url: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("text", description, z.string().trim().max(500, "must be at most 500 characters").pipe(z.url({ protocol: /^https?$/, error: "must be a web address starting with https://" })), { ...extra, maxLength: 500 }),
  date: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("date", description, z.string().trim().regex(DATE, "must be a date written YYYY-MM-DD"), extra),
  choice: <const C extends readonly [string, ...string[]], R extends boolean = false>(choices: C, description: string, extra: Extra<R> = {}) =>
    build("choice", description, z.enum(choices, { error: `must be one of ${choices.join(", ")}` }), { ...extra, choices }),
  agency: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("agency", description, z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, "must be an agency code such as NASA (letters and digits, at most 16)").transform((c) => c.toUpperCase()), { completion: "agency", ...extra }),
  agencies: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("agencies", description, z.string().trim().regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, "must be agency codes separated by commas, such as ESA,CNES").transform((c) => c.toUpperCase().split(",")), extra),
  offsets: <R extends boolean = false>(description: string, extra: Extra<R> & { min: number; max: number; unit: string; most: number }) => {
    const range = `each from ${extra.min} to ${extra.max} ${extra.unit}`;
    return build(
      "offsets",
      description,
      z
        .string()
        .trim()
        .regex(/^\d{1,15}(\.\d{1,6})?(,\d{1,15}(\.\d{1,6})?)*$/, `must be numbers separated by commas, such as 72,24 (${range})`)
        .transform((s) => [...new Set(s.split(",").map(Number))].sort((a, b) => b - a))
        .pipe(
          z
            .array(z.number().min(extra.min, `must be ${range}`).max(extra.max, `must be ${range}`))
            .max(extra.most, `must be at most ${extra.most} numbers`),
        ),
      { ...extra, bounds: { min: extra.min, max: extra.max } },
    );
  },
  timezone: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("timezone", description, z.string().trim().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, "must be a time zone such as Europe/Paris"), extra),
  /** A calendar year (the register and the workplans count from 2000 to 2200). */
  year: <R extends boolean = false>(description: string, extra: Extra<R> = {}) => build("integer", description, wholeNumber(YEARS.min, YEARS.max, "a year"), { ...extra, bounds: YEARS }),
  percent: <R extends boolean = false>(description: string, extra: Extra<R> = {}) =>
    build("percent", description, wholeNumber(1, 100, "a whole percentage"), { ...extra, bounds: { min: 1, max: 100 } }),
};

export const command = <const N extends string, const A extends Record<string, ActionSpec>>(name: N, description: string, actions: A): CommandSpec<N, A> => ({ name, description, actions });

export function action(description: string): ActionSpec<Record<never, AnyOption>>;
export function action<const O extends Options>(description: string, options: O, positional?: keyof O & string): ActionSpec<O>;
export function action(description: string, options: Options = {}, positional?: string): ActionSpec {
  return { description, options, ...(positional ? { positional } : {}), schema: actionSchema(options) };
}

/** The zod schema of a whole action, built from its options. */
function actionSchema<O extends Options>(options: O): ActionSchema<O> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, option] of Object.entries(options)) shape[name] = option.required ? option.schema : option.schema.optional();
  // Built key by key from O, so the shape is ShapeOf<O> by construction; TypeScript cannot follow a
  // mapped type through a loop, which is the one place this is asserted.
  return z.object(shape) as ActionSchema<O>;
}
