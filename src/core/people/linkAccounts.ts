// Linking a person's accounts by proof of ownership: a member asks for a one-time code from an account
// the group knows, and gives it back from their account on the other platform. Only then is that
// account theirs. Nobody can attach an account they cannot speak from.
import { identify, type Caller } from "../access/actor.ts";
import { authorize, permits } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { codeHash, newCode, ONE_TIME_CODE_MS, shownCode } from "../shared/oneTimeCode.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Person, Platform } from "./person.ts";

export const LINK_CODE_MS = ONE_TIME_CODE_MS;
/** The group keeps codes apart: a code asked for in one group is nothing in another. */
const hashOf = (groupId: number, code: string): string => codeHash(`${groupId}`, code);

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
    const raw = newCode();
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_CODE_MS);
    await tx.people.createLinkCode({ groupId: caller.groupId, personId: actor.value.id, platform: caller.platform, codeHash: hashOf(caller.groupId, raw), createdAt: now, expiresAt });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "identity.code", subject: `person:${actor.value.handle}`, details: { platform: caller.platform } });
    return ok({ code: shownCode(raw), expiresAt, person: actor.value });
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

