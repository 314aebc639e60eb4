// Linking a person's accounts by proof of ownership: a member asks for a one-time code from an account
// the group knows, and gives it back from their account on the other platform. Only then is that
// account theirs. Nobody can attach an account they cannot speak from.
import { createHash, randomInt } from "node:crypto";
import { identify, type Caller } from "../access/actor.ts";
import { authorize, permits } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Person, Platform } from "./person.ts";

/** A code lives ten minutes: long enough to switch apps, too short to guess (see CODE_LENGTH). */
export const LINK_CODE_MS = 10 * 60_000;
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** 31^8 ≈ 8.5·10^11 codes; a guesser would need ~10^11 tries inside one code's ten minutes. */
const CODE_LENGTH = 8;

/** The code as a user may type it back: case, spaces and dashes do not matter. */
const normalise = (code: string): string => code.toUpperCase().replace(/[\s-]/g, "");
/** Stored hashed, so that the database alone never gives a usable code; the group keeps codes apart. */
const hashOf = (groupId: number, code: string): string => createHash("sha256").update(`${groupId}:${normalise(code)}`).digest("hex");

export interface LinkCodeIssued {
  /** Shown to the member alone, written ABCD-EFGH. */
  code: string;
  expiresAt: Date;
  person: Person;
}

/** A member asks, from an account the group knows, for a code to give back from their other account. */
export async function requestLinkCode(deps: Deps, caller: Caller): Promise<Result<LinkCodeIssued>> {
  if (caller.platform === "shell") return refuse({ reason: "link_not_in_shell" });
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "delegate link");
    if (!actor.ok) return actor;
    const raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_CODE_MS);
    await tx.people.createLinkCode({ groupId: caller.groupId, personId: actor.value.id, platform: caller.platform, codeHash: hashOf(caller.groupId, raw), createdAt: now, expiresAt });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "identity.code", subject: `person:${actor.value.handle}`, details: { platform: caller.platform } });
    return ok({ code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt, person: actor.value });
  });
}

export interface AccountLinked {
  person: Person;
  platform: Platform;
  /** The account was already this person's: nothing changed. */
  already: boolean;
}

/**
 * The code given back from the account to link. An unknown, expired or used code is refused in the
 * same words, which say nothing of any account.
 */
export async function redeemLinkCode(deps: Deps, caller: Caller, code: string): Promise<Result<AccountLinked>> {
  if (caller.platform === "shell") return refuse({ reason: "link_not_in_shell" });
  return deps.store.transaction(async (tx) => {
    const holder = await identify(tx, caller);
    // Anyone may give back a code: the code, not the account, proves who they are.
    if (!permits(holder, "delegate link", { proof: true })) return refuse({ reason: "link_code_invalid" });
    const now = deps.clock.now();
    const found = await tx.people.linkCodeByHash(hashOf(caller.groupId, code));
    if (!found || found.groupId !== caller.groupId || found.usedAt !== null || found.expiresAt.getTime() <= now.getTime()) return refuse({ reason: "link_code_invalid" });
    const person = await tx.people.byId(found.personId);
    if (!person) return refuse({ reason: "link_code_invalid" });
    if (holder?.id === person.id) return ok({ person, platform: caller.platform, already: true });
    if (found.platform === caller.platform) return refuse({ reason: "link_same_platform", platform: found.platform });
    if (holder) return refuse({ reason: "identity_taken", platform: caller.platform, id: caller.externalId, handle: holder.handle });
    if ((await tx.people.identities(person.id)).some((i) => i.platform === caller.platform)) return refuse({ reason: "already_linked", platform: caller.platform });
    if (!(await tx.people.useLinkCode(found.id, now))) return refuse({ reason: "link_code_invalid" });
    await tx.people.link(person.id, { platform: caller.platform, externalId: caller.externalId });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: person.id, action: "identity.linked", subject: `person:${person.handle}`, details: { platform: caller.platform, externalId: caller.externalId } });
    return ok({ person, platform: caller.platform, already: false });
  });
}

