// The decision register on Prisma.
import type { Decision, DecisionRepository } from "../../../core/decisions/decision.ts";
import type { Outcome } from "../../../core/polls/poll.ts";
import type { Db, Row } from "../db.ts";

const toDecision = (r: Row<"decision">): Decision => ({
  number: r.number,
  year: r.year,
  seq: r.seq,
  pollId: r.pollId,
  groupId: r.groupId,
  outcome: r.outcome as Outcome,
  tally: JSON.parse(r.tally) as Decision["tally"],
  objections: JSON.parse(r.objections) as Decision["objections"],
  decidedAt: r.decidedAt,
});

export function decisions(db: Db): DecisionRepository {
  return {
    // An increment of the counter row: a concurrent close waits for this transaction's row lock and
    // then takes the next number. Two first closes of a year can both try to create the row; the
    // loser's unique violation retries its transaction (errors.ts), which then increments it.
    takeSeq: async (groupId, year) =>
      (
        await db.decisionCounter.upsert({
          where: { groupId_year: { groupId, year } },
          create: { groupId, year, last: 1 },
          update: { last: { increment: 1 } },
          select: { last: true },
        })
      ).last,
    create: async (d) => {
      await db.decision.create({
        data: { ...d, tally: JSON.stringify(d.tally), objections: JSON.stringify(d.objections) },
      });
    },
    list: async (groupId, year) =>
      (await db.decision.findMany({ where: { groupId, ...(year ? { year } : {}) }, orderBy: [{ year: "asc" }, { seq: "asc" }] })).map(toDecision),
    byPoll: async (pollId) => {
      const r = await db.decision.findUnique({ where: { pollId } });
      return r ? toDecision(r) : null;
    },
  };
}
