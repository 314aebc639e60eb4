// Advisor notices on Prisma.
import type { AdvisorNotice, AdvisorNoticeRepository } from "../../../core/advisors/advisorNotice.ts";
import type { Db } from "../db.ts";

export function advisorNotices(db: Db): AdvisorNoticeRepository {
  return {
    create: async (notice): Promise<AdvisorNotice> => await db.advisorNotice.create({ data: notice }),
    byId: async (id) => await db.advisorNotice.findUnique({ where: { id } }),
    byName: async (meetingId, nameKey) => await db.advisorNotice.findUnique({ where: { meetingId_nameKey: { meetingId, nameKey } } }),
    listByMeeting: async (meetingId) => await db.advisorNotice.findMany({ where: { meetingId }, orderBy: { id: "asc" } }),
    // Conditional, so that two acknowledgements racing on PostgreSQL still record only the first.
    acknowledge: async (id, personId, at) =>
      (await db.advisorNotice.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedById: personId, acknowledgedAt: at } })).count === 1,
  };
}
