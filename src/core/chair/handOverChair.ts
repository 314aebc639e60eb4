import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { normaliseAgencyCode, type Agency } from "../agencies/agency.ts";
import type { Deps } from "../deps.ts";
import type { Person } from "../people/person.ts";
import { findUser, type UserRef } from "../people/userRef.ts";
import { isCalendarDate, todayIn } from "../shared/calendarDate.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { cancelChairAlerts, scheduleChairAlerts } from "./chairJobs.ts";
import type { ChairTerm } from "./chairTerm.ts";
import type { Group } from "../setup/group.ts";
import type { Tx } from "../store.ts";

export interface ChairHandoverInput {
  agency: string;
  user: UserRef;
  /** The successor's first day in office (YYYY-MM-DD). */
  from: string;
}

export interface ChairHandover {
  term: ChairTerm;
  chair: Person;
  agency: Agency;
  /** The term this handover ended, with its holder. */
  previous: { term: ChairTerm; handle: string; code: string } | null;
  /** Everyone who lost the chair role in the handover. */
  revoked: string[];
  alerts: { kind: string; months: number; dueAt: Date }[];
  /** Set when this corrected the start of the current chair's own term instead: the date it had before. */
  correctedFrom: string | null;
}

/**
 * Records a handover of the chair (ToR III.2.2: the chairmanship rotates every 12 to 18 months): the
 * current term ends the day the successor takes office, the successor holds the chair role and nobody
 * else does, and the new term's alerts replace the old ones.
 */
export async function handOverChair(deps: Deps, caller: Caller, input: ChairHandoverInput): Promise<Result<ChairHandover>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "chair set");
    if (!actor.ok) return actor;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const now = deps.clock.now();

    const code = normaliseAgencyCode(input.agency);
    const agency = await tx.agencies.byCode(caller.groupId, code);
    if (!agency) return refuse({ reason: "agency_not_found", code });
    if (agency.status !== "participating") return refuse({ reason: "agency_not_participating", code, status: agency.status });
    if (!isCalendarDate(input.from)) return refuse({ reason: "invalid_date", option: "from", value: input.from });
    // The chair role changes hands now, so the handover is recorded once it has taken effect.
    if (input.from > todayIn(now, group.timezone)) return refuse({ reason: "date_in_future", option: "from", value: input.from });
    const chair = await findUser(tx, caller.groupId, input.user);
    if (!chair) return refuse({ reason: "person_not_found", handle: input.user.handle });
    if (chair.agencyId !== agency.id) return refuse({ reason: "chair_not_representative", handle: chair.handle, code });

    const current = await tx.chairTerms.current(caller.groupId);
    if (current?.personId === chair.id) {
      if (current.startsOn === input.from) return refuse({ reason: "chair_unchanged", handle: chair.handle, since: current.startsOn });
      return correctTermStart(tx, { term: current, chair, agency, from: input.from, actorId: actor.value.id, now, group });
    }
    if (current && input.from < current.startsOn) {
      const holder = await tx.people.byId(current.personId);
      return refuse({ reason: "chair_handover_too_early", from: input.from, since: current.startsOn, handle: holder?.handle ?? "the current chair" });
    }

    let previous: ChairHandover["previous"] = null;
    if (current) {
      await tx.chairTerms.end(current.id, input.from);
      const holder = await tx.people.byId(current.personId);
      const holderAgency = await tx.agencies.byId(current.agencyId);
      previous = { term: { ...current, endedOn: input.from }, handle: holder?.handle ?? `person ${current.personId}`, code: holderAgency?.code ?? `agency ${current.agencyId}` };
    }
    await cancelChairAlerts(tx, caller.groupId);
    const term = await tx.chairTerms.create({ groupId: caller.groupId, agencyId: agency.id, personId: chair.id, startsOn: input.from, createdAt: now });

    // There is one chair: whoever held the role before, by a term or by /role grant, hands it over.
    const revoked: string[] = [];
    for (const holder of await tx.people.listWithRole(caller.groupId, "chair")) {
      if (holder.id === chair.id) continue;
      await tx.people.revokeRole(holder.id, "chair");
      await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "role.revoked", subject: `person:${holder.handle}`, details: { role: "chair", handover: term.id } });
      revoked.push(holder.handle);
    }
    if (!chair.roles.includes("chair")) {
      await tx.people.grantRole(chair.id, "chair");
      await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "role.granted", subject: `person:${chair.handle}`, details: { role: "chair", handover: term.id } });
    }
    const alerts = await scheduleChairAlerts(tx, term, group, now);
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "chair.handover",
      subject: "chair",
      details: { termId: term.id, agency: code, person: chair.handle, from: input.from, previous: previous ? { termId: previous.term.id, person: previous.handle, agency: previous.code, startsOn: previous.term.startsOn } : null, revoked },
    });
    const succeeding = previous ? `, succeeding ${previous.handle} (${previous.code}), chair since ${previous.term.startsOn}` : "";
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `chair:term:${term.id}:announced`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `${chair.handle} (${code}) chairs the group from ${input.from}${succeeding}.`,
        data: { id: term.id, event: "chair.handover", agency: code, person: chair.handle, from: input.from },
      },
      now,
    );
    return ok({ term, chair: { ...chair, roles: [...new Set([...chair.roles, "chair" as const])] }, agency, previous, revoked, alerts, correctedFrom: null });
  });
}

/**
 * `/chair set` naming the current chair with another date corrects the start of their term: the
 * previous term then ends that day too, and the term's alerts move to the corrected date.
 */
async function correctTermStart(
  tx: Tx,
  input: { term: ChairTerm; chair: Person; agency: Agency; from: string; actorId: number; now: Date; group: Group },
): Promise<Result<ChairHandover>> {
  const { term, chair, agency, from, now, group } = input;
  if (term.agencyId !== agency.id) return refuse({ reason: "chair_unchanged", handle: chair.handle, since: term.startsOn });
  const before = (await tx.chairTerms.list(term.groupId)).filter((t) => t.id !== term.id && t.endedOn === term.startsOn).at(-1) ?? null;
  if (before && from < before.startsOn) {
    const holder = await tx.people.byId(before.personId);
    return refuse({ reason: "chair_handover_too_early", from, since: before.startsOn, handle: holder?.handle ?? "the previous chair" });
  }
  await tx.chairTerms.setStart(term.id, from);
  if (before) await tx.chairTerms.end(before.id, from);
  const corrected: ChairTerm = { ...term, startsOn: from };
  await cancelChairAlerts(tx, term.groupId);
  const alerts = await scheduleChairAlerts(tx, corrected, group, now);
  await tx.audit.append({ groupId: term.groupId, at: now, actorId: input.actorId, action: "chair.start-corrected", subject: "chair", details: { termId: term.id, from: term.startsOn, to: from, previousTermId: before?.id ?? null } });
  await tx.outbox.enqueue(
    {
      groupId: term.groupId,
      idempotencyKey: `chair:term:${term.id}:start:${from}:${now.toISOString()}`,
      audience: { kind: "channel", purpose: "announcements" },
      text: `Correction: ${chair.handle} (${agency.code}) has chaired the group since ${from}, not ${term.startsOn}.`,
      data: { id: term.id, event: "chair.start-corrected", person: chair.handle, from, was: term.startsOn },
    },
    now,
  );
  let previous: ChairHandover["previous"] = null;
  if (before) {
    const holder = await tx.people.byId(before.personId);
    const holderAgency = await tx.agencies.byId(before.agencyId);
    previous = { term: { ...before, endedOn: from }, handle: holder?.handle ?? `person ${before.personId}`, code: holderAgency?.code ?? `agency ${before.agencyId}` };
  }
  return ok({ term: corrected, chair, agency, previous, revoked: [], alerts, correctedFrom: term.startsOn });
}
