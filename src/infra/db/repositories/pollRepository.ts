// Polls, their electorates, positions and position history on Prisma.
import type { Outcome, Poll, PollKind, PollRepository, Position, PositionChange, Procedure, Stance } from "../../../core/polls/poll.ts";
import type { Db, Row } from "../db.ts";

export const toPoll = (r: Row<"poll">): Poll => ({
  id: r.id,
  groupId: r.groupId,
  title: r.title,
  text: r.text,
  kind: r.kind as PollKind,
  procedure: r.procedure as Procedure,
  quorumPercent: r.quorumPercent,
  subject: r.subject ? (JSON.parse(r.subject) as Record<string, unknown>) : null,
  openedById: r.openedById,
  openedAt: r.openedAt,
  closesAt: r.closesAt,
  status: r.status as Poll["status"],
  outcome: r.outcome as Outcome | null,
  closedAt: r.closedAt,
});

/** What a current position and a change in the history both record. */
const toCast = (r: Omit<Row<"positionChange">, "id" | "platform">): Omit<Position, "requestedAt"> => ({
  pollId: r.pollId,
  agencyId: r.agencyId,
  stance: r.stance as Stance,
  reason: r.reason,
  endorsed: r.endorsed,
  castById: r.castById,
  castAt: r.castAt,
});

export const toPosition = (r: Omit<Row<"position">, "version">): Position => ({ ...toCast(r), requestedAt: r.requestedAt });

const toChange = (r: Row<"positionChange">): PositionChange => ({ ...toCast(r), platform: r.platform });

export function polls(db: Db): PollRepository {
  return {
    // Writing the row (its id to itself) locks it as portably as Prisma can: SQLite's write lock is
    // held already, and on PostgreSQL an UPDATE takes the row lock that FOR UPDATE would.
    lock: async (id) => {
      await db.poll.updateMany({ where: { id }, data: { id } });
    },
    create: async (poll, electorate) => {
      const r = await db.poll.create({
        data: {
          ...poll,
          subject: poll.subject ? JSON.stringify(poll.subject) : null,
          electors: { create: electorate.map((agencyId) => ({ agencyId })) },
        },
      });
      return toPoll(r);
    },
    byId: async (id) => {
      const r = await db.poll.findUnique({ where: { id } });
      return r ? toPoll(r) : null;
    },
    list: async (groupId, status) =>
      (await db.poll.findMany({ where: { groupId, ...(status ? { status } : {}) }, orderBy: { id: "asc" } })).map(toPoll),
    openPollsWithElector: async (agencyId) =>
      (await db.poll.findMany({ where: { status: "open", electors: { some: { agencyId, removedAt: null } } }, orderBy: { id: "asc" } })).map(toPoll),
    update: async (id, patch) => {
      await db.poll.update({ where: { id }, data: patch });
    },
    electors: async (pollId) => db.pollElector.findMany({ where: { pollId }, select: { agencyId: true, removedAt: true }, orderBy: { agencyId: "asc" } }),
    removeElector: async (pollId, agencyId, at) => {
      await db.pollElector.update({ where: { pollId_agencyId: { pollId, agencyId } }, data: { removedAt: at } });
    },
    positions: async (pollId) => (await db.position.findMany({ where: { pollId }, orderBy: { agencyId: "asc" } })).map(toPosition),
    castPosition: async (p, platform) => {
      // The (poll, agency) primary key makes this one current position per agency; the history keeps every
      // cast, but not when its request was received (only the current position is ordered by that).
      const { pollId, agencyId, ...values } = p;
      await db.position.upsert({
        where: { pollId_agencyId: { pollId, agencyId } },
        create: { ...p, version: 1 },
        update: { ...values, version: { increment: 1 } },
      });
      const { requestedAt: _requestedAt, ...cast } = p;
      const change = await db.positionChange.create({ data: { ...cast, platform }, select: { id: true } });
      return change.id;
    },
    history: async (pollId) => (await db.positionChange.findMany({ where: { pollId }, orderBy: { id: "asc" } })).map(toChange),
  };
}
