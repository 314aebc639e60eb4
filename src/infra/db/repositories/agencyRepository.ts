// Agencies on Prisma.
import type { Agency, AgencyRepository, AgencyStatus } from "../../../core/agencies/agency.ts";
import type { Db, Row } from "../db.ts";

export const toAgency = (r: Row<"agency">): Agency => ({
  id: r.id,
  groupId: r.groupId,
  code: r.code,
  name: r.name,
  status: r.status as AgencyStatus,
  frameworkContributor: r.frameworkContributor,
  joinedAt: r.joinedAt,
  withdrawnAt: r.withdrawnAt,
});

export function agencies(db: Db): AgencyRepository {
  return {
    byCode: async (groupId, code) => {
      const r = await db.agency.findUnique({ where: { groupId_code: { groupId, code } } });
      return r ? toAgency(r) : null;
    },
    byId: async (id) => {
      const r = await db.agency.findUnique({ where: { id } });
      return r ? toAgency(r) : null;
    },
    list: async (groupId) => (await db.agency.findMany({ where: { groupId }, orderBy: { code: "asc" } })).map(toAgency),
    create: async (a) => toAgency(await db.agency.create({ data: a })),
    update: async (id, patch) => toAgency(await db.agency.update({ where: { id }, data: patch })),
  };
}
