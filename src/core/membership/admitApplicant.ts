// The effect of an adopted membership poll (registered by kind in polls/adoptionEffects.ts).
import type { Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";

/**
 * The applicant becomes a participating agency. Only an agency still applying is admitted: one whose
 * withdrawal was recorded while the poll ran has given up its application.
 */
export async function admitApplicant(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const agencyId = Number(poll.subject?.["agencyId"]);
  const agency = Number.isInteger(agencyId) ? await tx.agencies.byId(agencyId) : null;
  if (!agency || agency.groupId !== poll.groupId || agency.status !== "applicant") return;
  await tx.agencies.update(agency.id, { status: "participating", joinedAt: at, withdrawnAt: null });
  await tx.audit.append({ groupId: poll.groupId, at, actorId, action: "agency.admitted", subject: `agency:${agency.code}`, details: { pollId: poll.id } });
}
