// The effect of an adopted product poll (ToR III.2.2: products are endorsed within each agency, then by
// consensus): the product is endorsed by the group. Every concurring agency confirmed its own
// endorsement when it cast its position, and the record keeps who did.
import type { Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";

export async function endorseProduct(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const decision = await tx.decisions.byPoll(poll.id);
  const codes = new Map((await tx.agencies.list(poll.groupId)).map((a) => [a.id, a.code]));
  const voters = new Set((await tx.polls.electors(poll.id)).filter((e) => e.removedAt === null).map((e) => e.agencyId));
  const endorsedWithin = (await tx.polls.positions(poll.id))
    .filter((p) => voters.has(p.agencyId) && p.stance === "concur" && p.endorsed)
    .map((p) => codes.get(p.agencyId) ?? `agency ${p.agencyId}`);
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: "product.endorsed",
    subject: `product:${poll.id}`,
    details: { title: poll.title, pollId: poll.id, decision: decision?.number ?? null, endorsedWithin },
  });
}
