import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { finalizePoll } from "../polls/finalizePoll.ts";
import { currentTally } from "../polls/loadPoll.ts";
import { pollCardEdit } from "../polls/pollText.ts";
import { canCloseEarly, outcomeOf } from "../polls/rules.ts";
import type { Person } from "../people/person.ts";
import { isCalendarDate, todayIn } from "../shared/calendarDate.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import { normaliseAgencyCode, type Agency } from "./agency.ts";

export interface AddAgencyInput {
  code: string;
  name: string;
  status?: "participating" | "invited" | undefined;
  frameworkContributor?: boolean | undefined;
}

export async function addAgency(deps: Deps, caller: Caller, input: AddAgencyInput): Promise<Result<Agency>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "agency add");
    if (!actor.ok) return actor;
    const code = normaliseAgencyCode(input.code);
    if (await tx.agencies.byCode(caller.groupId, code)) return refuse({ reason: "agency_exists", code });
    const now = deps.clock.now();
    const status = input.status ?? "participating";
    const agency = await tx.agencies.create({
      groupId: caller.groupId,
      code,
      name: input.name.trim(),
      status,
      frameworkContributor: input.frameworkContributor ?? false,
      joinedAt: status === "participating" ? now : null,
      withdrawnAt: null,
    });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "agency.added", subject: `agency:${code}`, details: { name: agency.name, status } });
    return ok(agency);
  });
}

export async function listAgencies(deps: Deps, caller: Caller): Promise<Result<Agency[]>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "agency list");
    if (!asker.ok) return asker;
    return ok(await tx.agencies.list(caller.groupId));
  });
}

export async function showAgency(deps: Deps, caller: Caller, code: string): Promise<Result<{ agency: Agency; delegates: Person[] }>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "agency show");
    if (!asker.ok) return asker;
    const agency = await tx.agencies.byCode(caller.groupId, normaliseAgencyCode(code));
    if (!agency) return refuse({ reason: "agency_not_found", code: normaliseAgencyCode(code) });
    return ok({ agency, delegates: await tx.people.listByAgency(agency.id) });
  });
}

/**
 * A withdrawal takes effect at once: the agency leaves the electorate of every open poll, which is
 * recounted and closes if every remaining agency has already responded. The written notification was
 * received on a calendar day (YYYY-MM-DD in the group's zone) that has come, and is announced as that day.
 * If the chair's agency withdraws, the Secretariat is alerted at once: the chair acts for an agency.
 */
export async function withdrawAgency(deps: Deps, caller: Caller, code: string, receivedOn: string): Promise<Result<{ agency: Agency; recounted: number[]; chairAlerted: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "agency withdraw");
    if (!actor.ok) return actor;
    const normalised = normaliseAgencyCode(code);
    const agency = await tx.agencies.byCode(caller.groupId, normalised);
    if (!agency) return refuse({ reason: "agency_not_found", code: normalised });
    if (agency.status === "withdrawn") return refuse({ reason: "agency_already_withdrawn", code: normalised });
    const now = deps.clock.now();
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    if (!isCalendarDate(receivedOn)) return refuse({ reason: "invalid_date", option: "received", value: receivedOn });
    if (receivedOn > todayIn(now, group.timezone)) return refuse({ reason: "date_in_future", option: "received", value: receivedOn });

    const updated = await tx.agencies.update(agency.id, { status: "withdrawn", withdrawnAt: now });
    const recounted: number[] = [];
    for (const listed of await tx.polls.openPollsWithElector(agency.id)) {
      // Locked and read again: a cast or a close may have changed it since the list was read.
      await tx.polls.lock(listed.id);
      const poll = await tx.polls.byId(listed.id);
      if (!poll || poll.status !== "open") continue;
      await tx.polls.removeElector(poll.id, agency.id, now);
      recounted.push(poll.id);
      await tx.outbox.enqueue(pollCardEdit(poll, `agency:${agency.id}:withdrawn:poll:${poll.id}:card`, "poll.tally"), now);
      const t = await currentTally(tx, poll);
      if (canCloseEarly(poll.procedure, t)) await finalizePoll(tx, poll, outcomeOf(poll.procedure, t), t, now, actor.value.id, "all responded");
    }
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "agency.withdrawn",
      subject: `agency:${normalised}`,
      details: { received: receivedOn, recounted },
    });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `agency:${agency.id}:withdrawn`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `${normalised} (${agency.name}) has withdrawn from the group, by written notification received ${receivedOn}.` +
          (recounted.length ? ` Open polls recounted without it: ${recounted.map((id) => `#${id}`).join(", ")}.` : ""),
        data: { event: "agency.withdrawn", agency: normalised, recounted },
      },
      now,
    );
    const chairAlerted = await alertIfChairsAgency(tx, agency, now);
    return ok({ agency: updated, recounted, chairAlerted });
  });
}

/** The chair acts for their agency: when it withdraws, the Secretariat must record a successor. */
async function alertIfChairsAgency(tx: Tx, agency: Agency, now: Date): Promise<boolean> {
  const term = await tx.chairTerms.current(agency.groupId);
  if (!term || term.agencyId !== agency.id) return false;
  const chair = await tx.people.byId(term.personId);
  const who = chair?.handle ?? `person ${term.personId}`;
  await tx.outbox.enqueue(
    {
      groupId: agency.groupId,
      idempotencyKey: `agency:${agency.id}:withdrawn:chair:${term.id}`,
      audience: { kind: "channel", purpose: "secretariat" },
      text:
        `The chair's agency has withdrawn: ${who} (${agency.code}) has chaired since ${term.startsOn} and no longer acts for a participating agency. ` +
        `Record the successor with /chair set agency:CODE user:USER from:DATE.`,
      data: { event: "chair.agency-withdrawn", agency: agency.code, chair: who, termId: term.id },
    },
    now,
  );
  return true;
}

/** A Framework Document contributor joins by accepting the Terms of Reference; no poll is needed. */
export async function acceptTermsOfReference(deps: Deps, caller: Caller, code: string): Promise<Result<Agency>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "agency accept-tor");
    if (!actor.ok) return actor;
    const normalised = normaliseAgencyCode(code);
    const agency = await tx.agencies.byCode(caller.groupId, normalised);
    if (!agency) return refuse({ reason: "agency_not_found", code: normalised });
    if (agency.status !== "invited" || !agency.frameworkContributor) {
      return refuse({ reason: "agency_not_invited", code: normalised, status: agency.status });
    }
    const now = deps.clock.now();
    const updated = await tx.agencies.update(agency.id, { status: "participating", joinedAt: now });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "agency.accepted-tor", subject: `agency:${normalised}` });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `agency:${agency.id}:joined`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `${normalised} (${agency.name}) has accepted the Terms of Reference and is now a participating agency.`,
        data: { event: "agency.joined", agency: normalised },
      },
      now,
    );
    return ok(updated);
  });
}
