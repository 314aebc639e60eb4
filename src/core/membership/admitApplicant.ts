// The effects of a membership poll's closing (registered by kind in polls/adoptionEffects.ts).
import type { Outcome, Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";
import type { Agency } from "../agencies/agency.ts";

/** The applicant a membership poll decides on, if it is still applying (a withdrawal gives up the application). */
async function applicantOf(tx: Tx, poll: Poll): Promise<Agency | null> {
  const agencyId = Number(poll.subject?.["agencyId"]);
  const agency = Number.isInteger(agencyId) ? await tx.agencies.byId(agencyId) : null;
  return agency && agency.groupId === poll.groupId && agency.status === "applicant" ? agency : null;
}

/**
 * Adopted: the applicant becomes a participating agency. It has no representative yet, so the
 * announcement says who adds them, and how.
 */
export async function admitApplicant(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const agency = await applicantOf(tx, poll);
  if (!agency) return;
  await tx.agencies.update(agency.id, { status: "participating", joinedAt: at, withdrawnAt: null });
  await tx.audit.append({ groupId: poll.groupId, at, actorId, action: "agency.admitted", subject: `agency:${agency.code}`, details: { pollId: poll.id } });
  await tx.outbox.enqueue(
    {
      groupId: poll.groupId,
      idempotencyKey: `agency:${agency.id}:admitted:poll:${poll.id}`,
      audience: { kind: "channel", purpose: "announcements" },
      text:
        `${agency.code} (${agency.name}) is admitted and now participates in the group. ` +
        `The Secretariat adds its representatives, the first as head of delegation: /delegate add agency:${agency.code} user:USER head:true.`,
      data: { event: "agency.admitted", agency: agency.code, pollId: poll.id },
    },
    at,
  );
}

/**
 * Not adopted, lapsed or withdrawn: the applicant is recorded as not admitted, and may apply again
 * later with a new written request.
 */
export async function recordNotAdmitted(tx: Tx, poll: Poll, outcome: Exclude<Outcome, "adopted">, at: Date, actorId: number | null): Promise<void> {
  const agency = await applicantOf(tx, poll);
  if (!agency) return;
  await tx.agencies.update(agency.id, { status: "not admitted" });
  await tx.audit.append({ groupId: poll.groupId, at, actorId, action: "agency.not-admitted", subject: `agency:${agency.code}`, details: { pollId: poll.id, outcome } });
  await tx.outbox.enqueue(
    {
      groupId: poll.groupId,
      idempotencyKey: `agency:${agency.id}:not-admitted:poll:${poll.id}`,
      audience: { kind: "channel", purpose: "announcements" },
      text: `${agency.code} (${agency.name}) is not admitted (poll #${poll.id} ${outcome}). It may apply again with a new written request: /membership request code:${agency.code}.`,
      data: { event: "agency.not-admitted", agency: agency.code, pollId: poll.id, outcome },
    },
    at,
  );
}
