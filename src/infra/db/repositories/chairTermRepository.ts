// Chair terms on Prisma.
import type { ChairTerm, ChairTermRepository } from "../../../core/chair/chairTerm.ts";
import type { Db, Row } from "../db.ts";

type ChairTermRow = Row<"chairTerm">;

const toChairTerm = (r: ChairTermRow): ChairTerm => ({
  id: r.id,
  groupId: r.groupId,
  agencyId: r.agencyId,
  personId: r.personId,
  startsOn: r.startsOn,
  endedOn: r.endedOn,
  createdAt: r.createdAt,
});

export function chairTerms(db: Db): ChairTermRepository {
  return {
    current: async (groupId) => {
      const r = await db.chairTerm.findFirst({ where: { groupId, endedOn: null }, orderBy: { id: "desc" } });
      return r ? toChairTerm(r) : null;
    },
    byId: async (id) => {
      const r = await db.chairTerm.findUnique({ where: { id } });
      return r ? toChairTerm(r) : null;
    },
    list: async (groupId) => (await db.chairTerm.findMany({ where: { groupId }, orderBy: [{ startsOn: "asc" }, { id: "asc" }] })).map(toChairTerm),
    create: async (term) => toChairTerm(await db.chairTerm.create({ data: term })),
    end: async (id, endedOn) => {
      await db.chairTerm.update({ where: { id }, data: { endedOn } });
    },
    setStart: async (id, startsOn) => {
      await db.chairTerm.update({ where: { id }, data: { startsOn } });
    },
  };
}
