// Join requests on Prisma.
import type { JoinRequest, JoinRequestRepository } from "../../../core/membership/joinRequest.ts";
import type { Db, Row } from "../db.ts";

type JoinRequestRow = Row<"joinRequest">;

const toJoinRequest = (r: JoinRequestRow): JoinRequest => ({
  id: r.id,
  groupId: r.groupId,
  agencyId: r.agencyId,
  receivedOn: r.receivedOn,
  objectives: r.objectives,
  pollId: r.pollId,
  recordedById: r.recordedById,
  createdAt: r.createdAt,
});

export function joinRequests(db: Db): JoinRequestRepository {
  return {
    create: async (request) => toJoinRequest(await db.joinRequest.create({ data: request })),
    setPoll: async (id, pollId) => {
      await db.joinRequest.update({ where: { id }, data: { pollId } });
    },
    byPoll: async (pollId) => {
      const r = await db.joinRequest.findFirst({ where: { pollId } });
      return r ? toJoinRequest(r) : null;
    },
    forAgency: async (agencyId) => (await db.joinRequest.findMany({ where: { agencyId }, orderBy: { id: "asc" } })).map(toJoinRequest),
  };
}
