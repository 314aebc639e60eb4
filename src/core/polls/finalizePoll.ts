import type { Decision } from "../decisions/decision.ts";
import { yearIn } from "../shared/localTime.ts";
import type { Tx } from "../store.ts";
import { applyAdoption, applyNonAdoption } from "./adoptionEffects.ts";
import type { Outcome, Poll } from "./poll.ts";
import { pollJobPrefix } from "./pollJobs.ts";
import { describeObjections, describeTally, pollCardEdit, pollLabel } from "./pollText.ts";
import type { Tally } from "./rules.ts";

export type ClosedBy = "deadline" | "early" | "all responded" | "withdrawn";

/**
 * Closes a poll for good: records the outcome, numbers the decision, applies the effect of adoption,
 * cancels what was still scheduled and announces it, all in the caller's transaction.
 */
export async function finalizePoll(
  tx: Tx,
  poll: Poll,
  outcome: Outcome,
  t: Tally,
  at: Date,
  actorId: number | null,
  closedBy: ClosedBy,
): Promise<Decision> {
  const group = await tx.groups.byId(poll.groupId);
  if (!group) throw new Error(`group ${poll.groupId} of poll ${poll.id} is missing`);
  const codes = new Map((await tx.agencies.list(poll.groupId)).map((a) => [a.id, a.code]));
  const codeOf = (id: number) => codes.get(id) ?? `agency ${id}`;

  await tx.polls.update(poll.id, { status: "closed", outcome, closedAt: at });
  const year = yearIn(at, group.timezone);
  const seq = await tx.decisions.takeSeq(poll.groupId, year);
  const decision: Decision = {
    number: `${year}-${String(seq).padStart(2, "0")}`,
    year,
    seq,
    pollId: poll.id,
    groupId: poll.groupId,
    outcome,
    tally: {
      electorate: t.electorate,
      responded: t.responded,
      concur: t.concur,
      abstain: t.abstain,
      object: t.object,
      quorumNeeded: t.quorumNeeded,
    },
    objections: t.objections.map((o) => ({ agency: codeOf(o.agencyId), reason: o.reason })),
    decidedAt: at,
  };
  await tx.decisions.create(decision);
  await tx.jobs.cancelPending(pollJobPrefix(poll.id));
  if (outcome === "adopted") await applyAdoption(tx, poll, at, actorId);
  else await applyNonAdoption(tx, poll, outcome, at, actorId);
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: "poll.closed",
    subject: `poll:${poll.id}`,
    details: { outcome, closedBy, decision: decision.number, tally: decision.tally, objections: decision.objections },
  });

  const why = outcome === "not adopted" ? ` Objections: ${describeObjections(t, codeOf)}.` : "";
  const how = closedBy === "all responded" ? " (every agency has responded)" : closedBy === "early" ? " (closed early)" : "";
  const summary = outcome === "withdrawn" ? "" : ` ${describeTally(t, poll.procedure)}.`;
  await tx.outbox.enqueue(
    {
      groupId: poll.groupId,
      idempotencyKey: `poll:${poll.id}:closed`,
      audience: { kind: "channel", purpose: "announcements" },
      text: `Decision ${decision.number}: ${pollLabel(poll)} is ${outcome}${how}.${summary}${why}`,
      data: { id: poll.id, event: "poll.closed", outcome, decision: decision.number },
    },
    at,
  );
  // The card loses its buttons and shows the outcome.
  await tx.outbox.enqueue(pollCardEdit(poll, `poll:${poll.id}:card-closed`, "poll.card"), at);
  return decision;
}
