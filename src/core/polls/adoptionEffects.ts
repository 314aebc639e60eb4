import { adoptWorkplan } from "../adoptions/adoptWorkplan.ts";
import { amendTermsOfReference } from "../adoptions/amendTermsOfReference.ts";
import { endorseProduct } from "../adoptions/endorseProduct.ts";
import { admitApplicant, recordNotAdmitted } from "../membership/admitApplicant.ts";
import type { Tx } from "../store.ts";
import { agreeVenue, releaseVenueProposal } from "../venues/venueDecision.ts";
import type { Outcome, Poll, PollKind } from "./poll.ts";

/** What an adopted poll changes, in the transaction that closes it. */
export type AdoptionEffect = (tx: Tx, poll: Poll, at: Date, actorId: number | null) => Promise<void>;

/** Kinds without an entry change nothing beyond the recorded decision (general). */
const adoptionEffects: Partial<Record<PollKind, AdoptionEffect>> = {
  membership: admitApplicant,
  venue: agreeVenue,
  amendment: amendTermsOfReference,
  workplan: adoptWorkplan,
  product: endorseProduct,
};

export async function applyAdoption(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  await adoptionEffects[poll.kind]?.(tx, poll, at, actorId);
}

/** What a poll that closed without adoption (not adopted, lapsed, withdrawn) changes, by kind. */
export type NonAdoptionEffect = (tx: Tx, poll: Poll, outcome: Exclude<Outcome, "adopted">, at: Date, actorId: number | null) => Promise<void>;

const nonAdoptionEffects: Partial<Record<PollKind, NonAdoptionEffect>> = {
  membership: recordNotAdmitted,
  venue: releaseVenueProposal,
};

export async function applyNonAdoption(tx: Tx, poll: Poll, outcome: Exclude<Outcome, "adopted">, at: Date, actorId: number | null): Promise<void> {
  await nonAdoptionEffects[poll.kind]?.(tx, poll, outcome, at, actorId);
}
