// fast-check generators shared by the property tests: poll situations for the consensus rules and
// hostile text for the command grammar.
import fc from "fast-check";
import { STANCES, type Elector, type Position, type Stance } from "../../src/core/polls/poll.ts";

const CAST_AT = new Date("2026-06-01T09:00:00Z");

/** A current position of one agency; the fields the rules ignore get fixed, plausible values. */
export function position(agencyId: number, stance: Stance, reason: string | null = stance === "object" ? "a reason" : null): Position {
  return { pollId: 1, agencyId, stance, reason, endorsed: false, castById: agencyId * 10, castAt: CAST_AT, requestedAt: null };
}

export function elector(agencyId: number, removedAt: Date | null = null): Elector {
  return { agencyId, removedAt };
}

export const stanceArb: fc.Arbitrary<Stance> = fc.constantFrom(...STANCES);

/** Agencies that voted on a poll, some of which may have withdrawn while it was open. */
export const electorsArb: fc.Arbitrary<Elector[]> = fc
  .uniqueArray(fc.record({ agencyId: fc.integer({ min: 1, max: 30 }), withdrawn: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }), {
    selector: (e) => e.agencyId,
    maxLength: 14,
  })
  .map((list) => list.map((e) => elector(e.agencyId, e.withdrawn ? new Date("2026-06-02T00:00:00Z") : null)));

export interface PollSituation {
  electors: Elector[];
  /** Current positions: at most one per agency, from electors, withdrawn electors or outsiders. */
  positions: Position[];
}

/**
 * An electorate and the current positions held on the poll. Most positions come from the
 * electorate; agencies 31..35 never belong to it (positions of non-electors must be ignored).
 */
export const situationArb: fc.Arbitrary<PollSituation> = electorsArb.chain((electors) => {
  const candidates = [...electors.map((e) => e.agencyId), 31, 32, 33, 34, 35];
  return fc
    .uniqueArray(fc.record({ agencyId: fc.constantFrom(...candidates), stance: stanceArb, reason: fc.option(fc.string({ maxLength: 12 }), { nil: null }) }), {
      selector: (p) => p.agencyId,
      maxLength: candidates.length,
    })
    .map((picked) => ({ electors, positions: picked.map((p) => position(p.agencyId, p.stance, p.reason)) }));
});

/** A quorum as the catalogue allows it: null (the default) or a whole percentage from 1 to 100. */
export const quorumArb: fc.Arbitrary<number | null> = fc.option(fc.integer({ min: 1, max: 100 }), { nil: null });

/** The same array in another order (possibly the same one). */
export const permutationOf = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

/** Characters that trouble a quoting grammar, mixed with ordinary and non-ASCII ones. */
const trickyChar = fc.constantFrom(" ", "  ", '"', "\\", ":", "\t", "\n", "a", "Z", "7", "-", "é", "ß", "日", "🚀", "\u00a0", "<@", "/", "'", "`");

/** Any text a user might put in an option value, leaning towards the awkward characters. */
export const optionValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: trickyChar, maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);

/**
 * Option names as the grammar reads them. Names inherited from Object.prototype ("constructor")
 * are left out here: the grammar mishandles them, which a separate, explicit test records.
 */
export const optionNameArb: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/).filter((name) => !(name in Object.prototype));
