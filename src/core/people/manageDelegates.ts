import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { normaliseAgencyCode, type Agency } from "../agencies/agency.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Person } from "./person.ts";
import { findOrCreateUser, findUser, type UserRef } from "./userRef.ts";

export async function addDelegate(deps: Deps, caller: Caller, input: { agency: string; user: UserRef; head?: boolean | undefined }): Promise<Result<{ person: Person; agency: Agency }>> {
  return deps.store.transaction(async (tx) => {
    const code = normaliseAgencyCode(input.agency);
    const agency = await tx.agencies.byCode(caller.groupId, code);
    if (!agency) return refuse({ reason: "agency_not_found", code });
    const known = await findUser(tx, caller.groupId, input.user);
    const actor = await authorize(tx, caller, "delegate add", { agencyIds: [agency.id], subject: known, head: Boolean(input.head) });
    if (!actor.ok) return actor;
    if (agency.status === "withdrawn") return refuse({ reason: "agency_not_participating", code, status: agency.status });

    const person = known ?? (await findOrCreateUser(tx, caller.groupId, input.user));
    if (person.agencyId !== null && person.agencyId !== agency.id) {
      const other = await tx.agencies.byId(person.agencyId);
      return refuse({ reason: "represents_other_agency", handle: person.handle, code: other?.code ?? "another agency" });
    }
    const isHead = Boolean(input.head) || (person.agencyId === agency.id && person.isHead);
    await tx.people.setDelegation(person.id, agency.id, isHead);
    const now = deps.clock.now();
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "delegate.added", subject: `agency:${code}`, details: { person: person.handle, head: isHead } });
    return ok({ person: { ...person, agencyId: agency.id, isHead }, agency });
  });
}

export async function removeDelegate(deps: Deps, caller: Caller, user: UserRef): Promise<Result<{ person: Person; agency: Agency }>> {
  return deps.store.transaction(async (tx) => {
    const person = await findUser(tx, caller.groupId, user);
    if (!person || person.agencyId === null) return refuse({ reason: "not_a_delegate", handle: person?.handle ?? user.handle });
    const agency = await tx.agencies.byId(person.agencyId);
    if (!agency) throw new Error(`agency ${person.agencyId} is missing`);
    const actor = await authorize(tx, caller, "delegate remove", { agencyIds: [agency.id], subject: person, head: person.isHead });
    if (!actor.ok) return actor;
    await tx.people.setDelegation(person.id, null, false);
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "delegate.removed", subject: `agency:${agency.code}`, details: { person: person.handle } });
    return ok({ person: { ...person, agencyId: null, isHead: false }, agency });
  });
}

export interface DelegationView {
  agency: Agency;
  delegates: Person[];
}

export async function listDelegates(deps: Deps, caller: Caller, agencyCode?: string): Promise<Result<DelegationView[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "delegate list");
    if (!asker.ok) return asker;
    let agencies = await tx.agencies.list(caller.groupId);
    if (agencyCode !== undefined) {
      const code = normaliseAgencyCode(agencyCode);
      agencies = agencies.filter((a) => a.code === code);
      if (agencies.length === 0) return refuse({ reason: "agency_not_found", code });
    }
    const views: DelegationView[] = [];
    for (const agency of agencies) views.push({ agency, delegates: await tx.people.listByAgency(agency.id) });
    return ok(views);
  });
}
