// The shape of the catalogue: names, descriptions and typed options, each with the zod schema that
// validates its text form. Nothing here knows about a platform.
import { z } from "zod";

export type OptionKind = "text" | "integer" | "boolean" | "user" | "when" | "date" | "choice" | "agency" | "timezone" | "percent" | "agencies" | "offsets";

/** What an adapter may offer as completions for an option. */
export type Completion = "poll" | "open-poll" | "agency" | "meeting";

export interface OptionSpec<T = unknown> {
  kind: OptionKind;
  description: string;
  required: boolean;
  choices?: readonly string[];
  completion?: Completion;
  maxLength?: number;
  schema: z.ZodType<T>;
}

export interface ActionSpec {
  description: string;
  options: Record<string, OptionSpec>;
  /** A bare word after the action fills this option: `/help poll`, `/decisions 2026`. */
  positional?: string;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Keyed by subcommand; the key "" is a command used without one (`/announce text:…`). */
  actions: Record<string, ActionSpec>;
}

type Extra = { required?: boolean; completion?: Completion };

const build = <T>(kind: OptionKind, description: string, schema: z.ZodType<T>, extra: Extra & { choices?: readonly string[]; maxLength?: number } = {}): OptionSpec<T> => ({
  kind,
  description,
  required: extra.required ?? false,
  schema,
  ...(extra.choices ? { choices: extra.choices } : {}),
  ...(extra.completion ? { completion: extra.completion } : {}),
  ...(extra.maxLength ? { maxLength: extra.maxLength } : {}),
});

const WHEN = /^(\d+(?:m|h|d|w)|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const opt = {
  text: (description: string, extra: Extra & { max?: number } = {}) => {
    const max = extra.max ?? 2000;
    return build("text", description, z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`), { ...extra, maxLength: max });
  },
  integer: (description: string, extra: Extra = {}) =>
    build("integer", description, z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be a positive number"), extra),
  boolean: (description: string, extra: Extra = {}) =>
    build("boolean", description, z.enum(["true", "false", "yes", "no"], { error: "must be true or false" }).transform((v) => v === "true" || v === "yes"), extra),
  user: (description: string, extra: Extra = {}) => build("user", description, z.string().trim().min(1, "must name a user"), extra),
  when: (description: string, extra: Extra = {}) =>
    build("when", description, z.string().trim().regex(WHEN, "must be a date (2026-12-01), a date-time (2026-12-01T14:00, optionally with an offset) or a duration (90m, 48h, 7d)"), extra),
  date: (description: string, extra: Extra = {}) =>
    build("date", description, z.string().trim().regex(DATE, "must be a date written YYYY-MM-DD"), extra),
  choice: <const C extends readonly [string, ...string[]]>(choices: C, description: string, extra: Extra = {}) =>
    build("choice", description, z.enum(choices, { error: `must be one of ${choices.join(", ")}` }), { ...extra, choices }),
  agency: (description: string, extra: Extra = {}) =>
    build("agency", description, z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, "must be an agency code such as NASA (letters and digits, at most 16)").transform((c) => c.toUpperCase()), { completion: "agency", ...extra }),
  agencies: (description: string, extra: Extra = {}) =>
    build("agencies", description, z.string().trim().regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, "must be agency codes separated by commas, such as ESA,CNES").transform((c) => c.toUpperCase().split(",")), extra),
  offsets: (description: string, extra: Extra = {}) =>
    build(
      "offsets",
      description,
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, "must be numbers separated by commas, such as 72,24")
        .transform((s) => [...new Set(s.split(",").map(Number))].sort((a, b) => b - a)),
      extra,
    ),
  timezone: (description: string, extra: Extra = {}) =>
    build("timezone", description, z.string().trim().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, "must be a time zone such as Europe/Paris"), extra),
  percent: (description: string, extra: Extra = {}) =>
    build("percent", description, z.coerce.number({ error: "must be a percentage from 1 to 100" }).int("must be a whole percentage").min(1, "must be at least 1").max(100, "must be at most 100"), extra),
};

export const command = (name: string, description: string, actions: Record<string, ActionSpec>): CommandSpec => ({ name, description, actions });
export const action = (description: string, options: Record<string, OptionSpec> = {}, positional?: string): ActionSpec => ({
  description,
  options,
  ...(positional ? { positional } : {}),
});

/** The zod schema of a whole action, built from its options. */
export function actionSchema(spec: ActionSpec): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, option] of Object.entries(spec.options)) shape[name] = option.required ? option.schema : option.schema.optional();
  return z.object(shape);
}
