// The effect of an adopted amendment poll (ToR V: amended by consensus): the poll's text becomes the
// Terms of Reference in force. Each adoption appends a numbered version to the audit log, with the
// text and the decision that adopted it, in the transaction that records the decision; /tor show
// reads them back.
import type { Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";

export const TOR_SUBJECT = "tor";

export async function amendTermsOfReference(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const decision = await tx.decisions.byPoll(poll.id);
  const earlier = (await tx.audit.forSubject(poll.groupId, TOR_SUBJECT)).filter((e) => e.action === "tor.amended").length;
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: "tor.amended",
    subject: TOR_SUBJECT,
    details: { version: earlier + 1, pollId: poll.id, decision: decision?.number ?? null, text: poll.text },
  });
}
