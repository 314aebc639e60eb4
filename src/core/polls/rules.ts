// The consensus rules, as pure functions: the same positions always give the same outcome,
// whatever order they arrived in.
import type { Elector, Outcome, Position, Procedure } from "./poll.ts";

export interface Objection {
  agencyId: number;
  reason: string;
}

export interface Tally {
  electorate: number;
  responded: number;
  concur: number;
  abstain: number;
  object: number;
  pending: number;
  quorumNeeded: number;
  objections: Objection[];
  /** Agencies in the electorate that have not responded yet. */
  pendingAgencyIds: number[];
}

/** The default quorum is more than half of the electorate; an explicit one is a percentage to reach. */
export function quorumNeeded(electorateSize: number, quorumPercent: number | null): number {
  if (electorateSize === 0) return 1; // nobody can respond, so an empty electorate never reaches quorum
  if (quorumPercent === null) return Math.floor(electorateSize / 2) + 1;
  return Math.max(1, Math.ceil((electorateSize * quorumPercent) / 100));
}

export function tally(electors: Elector[], positions: Position[], quorumPercent: number | null): Tally {
  const voters = new Set(electors.filter((e) => e.removedAt === null).map((e) => e.agencyId));
  const counted = positions.filter((p) => voters.has(p.agencyId));
  const responded = new Set(counted.map((p) => p.agencyId));
  const count = (stance: Position["stance"]) => counted.filter((p) => p.stance === stance).length;
  return {
    electorate: voters.size,
    responded: responded.size,
    concur: count("concur"),
    abstain: count("abstain"),
    object: count("object"),
    pending: voters.size - responded.size,
    quorumNeeded: quorumNeeded(voters.size, quorumPercent),
    objections: counted
      .filter((p) => p.stance === "object")
      .map((p) => ({ agencyId: p.agencyId, reason: p.reason ?? "" }))
      .sort((a, b) => a.agencyId - b.agencyId),
    pendingAgencyIds: [...voters].filter((id) => !responded.has(id)).sort((a, b) => a - b),
  };
}

/** The outcome if the poll closed now (withdrawal is an action, not a count, so it is not decided here). */
export function outcomeOf(procedure: Procedure, t: Tally): Exclude<Outcome, "withdrawn"> {
  if (t.object > 0) return "not adopted";
  // Silence is consent only where someone could have objected: with nobody left, nothing is decided.
  if (t.electorate === 0) return "lapsed";
  if (procedure === "silence") return "adopted";
  return t.responded >= t.quorumNeeded ? "adopted" : "lapsed";
}

/**
 * A consensus poll needs no more waiting once every agency in the electorate has responded and no
 * objection stands. An objection keeps it open until its deadline: consensus practice is to discuss
 * it, and the objecting agency may lift it (the chair or the Secretariat can still close it early).
 */
export function canCloseEarly(procedure: Procedure, t: Tally): boolean {
  return procedure === "consensus" && t.electorate > 0 && t.pending === 0 && t.object === 0;
}
