import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { finalizePoll } from "./finalizePoll.ts";
import { loadPollToChange } from "./loadPoll.ts";
import { pollCardEdit } from "./pollText.ts";
import type { Outcome, Position, Procedure, Stance } from "./poll.ts";
import { canCloseEarly, outcomeOf, tally, type Tally } from "./rules.ts";

export interface CastPositionInput {
  pollId: number;
  stance: Stance;
  reason?: string | undefined;
  endorsed?: boolean | undefined;
}

export interface CastPositionResult {
  pollId: number;
  agencyCode: string;
  stance: Stance;
  procedure: Procedure;
  /** The agency's position before this one, if it had one. */
  previous: Stance | null;
  tally: Tally;
  /** Set when this position was the last one awaited and the poll closed. */
  closedWith: Outcome | null;
}

/**
 * Sets the caller's agency's one position: any representative may change it until the poll closes.
 * Positions are ordered by when the bot first received their requests (`Caller.request.receivedAt`), not
 * by when they are applied: a request received before the one behind the agency's recorded position (a
 * re-run of an older press, after a newer one of either representative was recorded) is refused and
 * changes nothing. A cast with no platform request, or one received at the same instant, is not ordered.
 */
export async function castPosition(deps: Deps, caller: Caller, input: CastPositionInput): Promise<Result<CastPositionResult>> {
  const reason = input.reason?.trim() || null;
  if (input.stance === "object" && !reason) return refuse({ reason: "objection_needs_reason" });

  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "poll position");
    if (!actor.ok) return actor;
    const person = actor.value;
    if (person.agencyId === null) throw new Error(`person ${person.id} may cast a position without an agency`);
    const found = await loadPollToChange(tx, caller.groupId, input.pollId, deps.clock.now(), "position");
    if (!found.ok) return found;
    const poll = found.value;
    const agency = await tx.agencies.byId(person.agencyId);
    if (!agency) throw new Error(`agency ${person.agencyId} of person ${person.id} is missing`);

    const electors = await tx.polls.electors(poll.id);
    if (!electors.some((e) => e.agencyId === agency.id && e.removedAt === null)) {
      return refuse({ reason: "not_in_electorate", id: poll.id, code: agency.code });
    }
    if (poll.kind === "product" && input.stance === "concur" && !input.endorsed) {
      return refuse({ reason: "endorsement_required", id: poll.id });
    }

    const now = deps.clock.now();
    const positions = await tx.polls.positions(poll.id);
    const before = positions.find((p) => p.agencyId === agency.id);
    // A re-run of an older request (another replica taking over an interaction whose first handling
    // died) must not overwrite what the agency chose since. The poll is locked, so `before` stays current.
    const requestedAt = caller.request?.receivedAt ?? null;
    const recordedRequestAt = before?.requestedAt ?? null;
    if (requestedAt !== null && recordedRequestAt !== null && recordedRequestAt.getTime() > requestedAt.getTime()) {
      return refuse({ reason: "superseded_position", id: poll.id, code: agency.code });
    }
    const position: Position = {
      pollId: poll.id,
      agencyId: agency.id,
      stance: input.stance,
      reason,
      endorsed: Boolean(input.endorsed),
      castById: person.id,
      castAt: now,
      requestedAt,
    };
    const changeId = await tx.polls.castPosition(position, caller.platform);
    await tx.audit.append({
      groupId: poll.groupId,
      at: now,
      actorId: person.id,
      action: "position.cast",
      subject: `poll:${poll.id}`,
      details: { agency: agency.code, stance: input.stance, reason, previous: before?.stance ?? null, platform: caller.platform },
    });

    // Counted from what this transaction read and wrote: the poll is locked, so no other cast or close
    // on it can commit in between.
    const t = tally(electors, [...positions.filter((p) => p.agencyId !== agency.id), position], poll.quorumPercent);
    // The poll's card on every platform shows the live tally; the outbox edits it wherever it was posted.
    await tx.outbox.enqueue(pollCardEdit(poll, `position:${changeId}:tally`, "poll.tally"), now);

    let closedWith: Outcome | null = null;
    if (canCloseEarly(poll.procedure, t)) {
      closedWith = outcomeOf(poll.procedure, t);
      await finalizePoll(tx, poll, closedWith, t, now, person.id, "all responded");
    }
    return ok({ pollId: poll.id, agencyCode: agency.code, stance: input.stance, procedure: poll.procedure, previous: before?.stance ?? null, tally: t, closedWith });
  });
}
