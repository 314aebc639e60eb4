// Who may do what: the one table of permissions. Every use case asks it (`authorize`), and the
// "Who may" line of /help and of docs/commands.md is written from it. A test fails when an action of
// the catalogue has no entry here (test/unit/permissions.test.ts).
//
// The people in it:
// - the Secretariat, the chair and operators hold a role. The chair is whoever holds the current chair
//   term (/chair set): the chair role follows the term.
// - a representative speaks for one agency; a head of delegation is a representative who also manages
//   that agency's representatives. "own agency" means the agency the action concerns must be theirs.
// - "members" are the people the group knows: every representative, the Secretariat, the chair and
//   operators. Everyone else (an account the bot has never been told about, someone removed from their
//   delegation) is refused and told whom to ask.
import type { Person, Role } from "../people/person.ts";
import { refuse, type Result } from "../shared/result.ts";
import type { Refusal } from "../shared/refusals.ts";
import type { Tx } from "../store.ts";
import { identify, type Caller } from "./actor.ts";

export type Grantee =
  | { role: Role }
  /** A representative (any, or only a head of delegation) of the agency the action concerns. */
  | { delegate: "representative" | "head"; scope: "own agency" | "any agency" }
  /** Every person the group knows: representatives, the Secretariat, the chair, operators. */
  | { members: true }
  /** The person the action is about, acting on their own behalf. */
  | { self: true }
  /** Anyone at all, known or not (help; or whoever gives back a code that proves an account). */
  | { anyone: string }
  /** An operator named in the deployment's configuration (BOT_OPERATORS), known to a group or not. */
  | { configured: string };

export interface Permission {
  /** What the caller is doing, as refusals say it: "Only the Secretariat can record an agency." */
  doing: string;
  who: readonly Grantee[];
  /** Limits beyond who, in words for /help; the code that enforces them is `limit` below. */
  limits?: string;
}

const secretariat: Grantee = { role: "secretariat" };
const chair: Grantee = { role: "chair" };
const operator: Grantee = { role: "operator" };
const members: Grantee = { members: true };
const self: Grantee = { self: true };
const representative: Grantee = { delegate: "representative", scope: "own agency" };
const head: Grantee = { delegate: "head", scope: "own agency" };
const configuredOperator: Grantee = { configured: "an operator named in BOT_OPERATORS" };
const read = (doing: string): Permission => ({ doing, who: [members] });

export const PERMISSIONS = {
  "agency add": { doing: "record an agency", who: [secretariat] },
  "agency list": read("see the agencies"),
  "agency show": read("see an agency"),
  "agency withdraw": { doing: "record a withdrawal", who: [secretariat] },
  "agency accept-tor": { doing: "record an acceptance of the Terms of Reference", who: [secretariat] },
  "membership request": { doing: "record a request to join", who: [secretariat] },

  "delegate add": {
    doing: "designate representatives",
    who: [secretariat, head],
    limits: "A head of delegation appoints no head, and enrols only people new to the group or already in their own delegation.",
  },
  "delegate remove": { doing: "remove representatives", who: [secretariat, head], limits: "A head of delegation removes no head." },
  "delegate list": read("see the delegations"),
  "delegate link": {
    doing: "link accounts",
    who: [members, { anyone: "the account that gives back a code" }],
    limits: "A member asks for a code; it is given back from their account on the other platform, and only that account is linked. Shell accounts are never linked.",
  },
  "delegate unlink": { doing: "unlink an account", who: [self, secretariat] },

  "role grant": { doing: "grant roles", who: [secretariat, operator] },
  "role revoke": { doing: "revoke roles", who: [secretariat, operator] },
  "chair set": { doing: "record a handover of the chair", who: [secretariat] },
  "chair status": read("see who chairs"),

  "poll open": { doing: "open a poll", who: [secretariat, chair] },
  "poll list": read("see the polls"),
  "poll show": read("see a poll"),
  "poll position": { doing: "set an agency's position", who: [representative] },
  "poll close": { doing: "close a poll early", who: [secretariat, chair] },
  "poll extend": { doing: "extend a poll", who: [secretariat, chair] },
  "poll withdraw": { doing: "withdraw a poll", who: [secretariat, chair] },
  "poll remind": { doing: "send reminders", who: [secretariat, chair] },

  "meeting create": { doing: "create a meeting", who: [secretariat] },
  "meeting list": read("see the meetings"),
  "meeting show": read("see a meeting"),
  "meeting schedule": { doing: "schedule a meeting", who: [secretariat] },
  "meeting ics": read("get a meeting's calendar"),
  "meeting minutes": { doing: "issue minutes", who: [chair, secretariat] },
  "meeting held": { doing: "record a meeting as held", who: [secretariat] },
  "meeting cancel": { doing: "cancel a meeting", who: [secretariat] },
  "meeting feed": { doing: "get or rotate the calendar feed address", who: [secretariat] },

  "venue propose": { doing: "propose a venue", who: [secretariat, representative], limits: "A representative proposes only venues their own agency hosts." },
  "venue confirm": {
    doing: "confirm a host's share of the costs",
    who: [representative],
    limits: "A representative confirms for their own agency, when it is one of the proposal's hosts.",
  },
  "venue list": read("see the venue proposals"),
  "venue consensus": { doing: "put a venue to a consensus poll", who: [secretariat, chair] },

  "advisor notify": { doing: "notify an advisor", who: [representative] },
  "advisor list": read("see the advisor notices"),
  "advisor ack": { doing: "acknowledge advisor notices", who: [secretariat] },

  announce: { doing: "post announcements", who: [secretariat] },
  "announcement list": read("see the announcements"),
  "announcement edit": { doing: "edit announcements", who: [secretariat] },
  "announcement retract": { doing: "retract announcements", who: [secretariat] },

  decisions: read("see the decisions"),
  "export decisions": read("export the decisions"),
  "export meetings": read("export the meetings"),
  "export agencies": read("export the agencies"),
  "tor show": read("see the Terms of Reference"),
  "workplan show": read("see the workplan"),
  waiting: read("see what is waiting for you"),

  "setup channel": { doing: "bind channels", who: [operator, secretariat] },
  "setup timezone": { doing: "set the group's time zone", who: [operator, secretariat] },
  "setup mandate": { doing: "set the mandate's end", who: [secretariat] },
  "setup reminders": { doing: "change the reminder settings", who: [secretariat, operator] },

  "outbox list": { doing: "see undelivered messages", who: [operator, secretariat] },
  "outbox retry": { doing: "retry undelivered messages", who: [operator, secretariat] },

  "group create": {
    doing: "create a group for this workspace",
    who: [configuredOperator],
    limits: "Only in a Discord server or Slack workspace that belongs to no group yet (in the shell: a new group to switch to).",
  },
  "group code": { doing: "give a code that joins another workspace to the group", who: [operator] },
  "group join": { doing: "join this workspace to a group", who: [configuredOperator], limits: "Only in a Discord server or Slack workspace that belongs to no group yet, with a code from /group code." },
  "group show": read("see the group and its workspaces"),

  help: { doing: "read the help", who: [{ anyone: "anyone" }] },
} as const satisfies Record<string, Permission>;

export type ActionKey = keyof typeof PERMISSIONS;

/** What the action concerns, so that scoped grants (own agency, oneself) can be decided. */
export interface Scope {
  /** The agencies concerned; "own agency" is met when the caller's agency is one of them. */
  agencyIds?: readonly number[];
  /** The person the action is about (to enrol, to remove, to unlink). */
  subject?: Person | null;
  /** The action makes or concerns a head of delegation. */
  head?: boolean;
  /** The caller gives back a code that proves their account; the use case checks the code itself. */
  proof?: boolean;
  /** The caller is one of the operators named in the configuration (BOT_OPERATORS). */
  configuredOperator?: boolean;
}

const ROLE_NAMES: Record<Role, string> = { secretariat: "the Secretariat", chair: "the chair", operator: "an operator" };

/** A person the group knows: a representative or the holder of a role. */
export const isMember = (p: Person | null): p is Person => p !== null && (p.agencyId !== null || p.roles.length > 0);

function grants(g: Grantee, p: Person | null, scope: Scope): boolean {
  if ("anyone" in g) return g.anyone === "anyone" || Boolean(scope.proof);
  if ("configured" in g) return Boolean(scope.configuredOperator);
  if (!isMember(p)) return false;
  if ("members" in g) return true;
  if ("role" in g) return p.roles.includes(g.role);
  if ("self" in g) return scope.subject?.id === p.id;
  if (p.agencyId === null || (g.delegate === "head" && !p.isHead)) return false;
  return g.scope === "any agency" || (scope.agencyIds ?? [p.agencyId]).includes(p.agencyId);
}

/** A grant that holds may still be limited: the rules stated in `limits` above, one function per action. */
function limit(key: ActionKey, p: Person, scope: Scope): Refusal | null {
  const byRole = p.roles.includes("secretariat");
  if ((key === "delegate add" || key === "delegate remove") && !byRole) {
    if (scope.head) return { reason: "role_required", action: key === "delegate add" ? "designate a head of delegation" : "remove a head of delegation", roles: [ROLE_NAMES.secretariat] };
    const s = scope.subject;
    // New to the group: no role and no delegation. Anyone else is moved by the Secretariat only.
    if (key === "delegate add" && s && s.id !== p.id && (s.roles.length > 0 || (s.agencyId !== null && s.agencyId !== p.agencyId))) {
      return { reason: "enrol_needs_secretariat", handle: s.handle };
    }
  }
  return null;
}

/** The refusal for a caller whom no grant covers: whom to ask, in the table's words. */
function refusalFor(key: ActionKey, p: Person | null): Refusal {
  const perm: Permission = PERMISSIONS[key];
  if (perm.who.some((g) => "members" in g)) return { reason: "members_only", action: perm.doing };
  const head = perm.who.find((g): g is Extract<Grantee, { delegate: string }> => "delegate" in g && g.delegate === "head");
  if (head && isMember(p) && p.isHead) return { reason: "own_agency_only", action: perm.doing };
  return { reason: "role_required", action: perm.doing, roles: perm.who.flatMap(describeGrantee) };
}

function describeGrantee(g: Grantee): string[] {
  if ("role" in g) return [ROLE_NAMES[g.role]];
  if ("members" in g) return ["a member of the group"];
  if ("self" in g) return ["the person themselves"];
  if ("anyone" in g) return [g.anyone];
  if ("configured" in g) return [g.configured];
  const who = g.delegate === "head" ? "a head of delegation" : "a representative";
  return [g.scope === "own agency" ? `${who} of the agency concerned` : who];
}

/**
 * The caller, when the table lets them do `key` on `scope`; otherwise a refusal that names who may.
 * Resolved inside the use case's transaction, so a role revoked a moment ago no longer counts.
 */
export async function authorize(tx: Tx, caller: Caller, key: ActionKey, scope: Scope = {}): Promise<Result<Person>> {
  const person = await identify(tx, caller);
  return decide(person, key, scope);
}

/** The same decision, for a person already read in this transaction. */
export function decide(person: Person | null, key: ActionKey, scope: Scope = {}): Result<Person> {
  const refusal = check(person, key, scope);
  if (refusal) return refuse(refusal);
  // Only an "anyone" grant lets an unknown caller through, and such a use case asks `permits` instead.
  if (!person) return refuse(refusalFor(key, person));
  return { ok: true, value: person };
}

/** Whether the table lets `person` (known or not) do `key` on `scope`. */
export const permits = (person: Person | null, key: ActionKey, scope: Scope = {}): boolean => check(person, key, scope) === null;

/** Why the table does not let `person` do `key` on `scope`, or null when it does (for callers known or not). */
export const denial = (person: Person | null, key: ActionKey, scope: Scope = {}): Refusal | null => check(person, key, scope);

function check(person: Person | null, key: ActionKey, scope: Scope): Refusal | null {
  const perm: Permission = PERMISSIONS[key];
  if (!perm.who.some((g) => grants(g, person, scope))) return refusalFor(key, person);
  return person ? limit(key, person, scope) : null;
}

/** "The Secretariat or the chair", for the "Who may" line of /help and docs/commands.md. */
export function whoMay(key: string): string {
  const perm: Permission | undefined = (PERMISSIONS as Record<string, Permission>)[key];
  if (!perm) return "";
  const names = perm.who.flatMap((g) => ("members" in g ? ["members of the group (representatives, the Secretariat, the chair, operators)"] : describeGrantee(g)));
  const who = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  return `${who.charAt(0).toUpperCase()}${who.slice(1)}.${perm.limits ? ` ${perm.limits}` : ""}`;
}
