import type { Tx } from "../store.ts";
import type { Poll, PollKind } from "./poll.ts";

/** What an adopted poll changes, in the transaction that closes it. */
export type AdoptionEffect = (tx: Tx, poll: Poll, at: Date, actorId: number | null) => Promise<void>;

async function admitApplicant(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const agencyId = Number(poll.subject?.["agencyId"]);
  const agency = Number.isInteger(agencyId) ? await tx.agencies.byId(agencyId) : null;
  if (!agency || agency.status === "participating") return;
  await tx.agencies.update(agency.id, { status: "participating", joinedAt: at });
  await tx.audit.append({ groupId: poll.groupId, at, actorId, action: "agency.admitted", subject: `agency:${agency.code}`, details: { pollId: poll.id } });
}

/** Kinds without an entry change nothing beyond the recorded decision (general). */
const adoptionEffects: Partial<Record<PollKind, AdoptionEffect>> = {
  membership: admitApplicant,
};

export async function applyAdoption(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  await adoptionEffects[poll.kind]?.(tx, poll, at, actorId);
}
