// People, their roles and their platform identities on Prisma.
import type { Identity, Person, PersonRepository, Platform, Role } from "../../../core/people/person.ts";
import type { Db, Row } from "../db.ts";

const withRoles = { roles: { select: { role: true }, orderBy: { role: "asc" as const } } };

export const toPerson = (r: Row<"person"> & { roles: { role: string }[] }): Person => ({
  id: r.id,
  groupId: r.groupId,
  handle: r.handle,
  agencyId: r.agencyId,
  isHead: r.isHead,
  roles: r.roles.map((g) => g.role as Role),
});

export function people(db: Db): PersonRepository {
  return {
    byId: async (id) => {
      const r = await db.person.findUnique({ where: { id }, include: withRoles });
      return r ? toPerson(r) : null;
    },
    byHandle: async (groupId, handle) => {
      const r = await db.person.findUnique({ where: { groupId_handle: { groupId, handle } }, include: withRoles });
      return r ? toPerson(r) : null;
    },
    byIdentity: async (groupId, identity) => {
      const r = await db.identity.findUnique({
        where: { groupId_platform_externalId: { groupId, platform: identity.platform, externalId: identity.externalId } },
        select: { person: { include: withRoles } },
      });
      return r ? toPerson(r.person) : null;
    },
    listByAgency: async (agencyId) =>
      (await db.person.findMany({ where: { agencyId }, include: withRoles, orderBy: [{ isHead: "desc" }, { handle: "asc" }] })).map(toPerson),
    listWithRole: async (groupId, role) =>
      (await db.person.findMany({ where: { groupId, roles: { some: { role } } }, include: withRoles, orderBy: { handle: "asc" } })).map(toPerson),
    list: async (groupId) => (await db.person.findMany({ where: { groupId }, include: withRoles, orderBy: { handle: "asc" } })).map(toPerson),
    create: async (groupId, handle, identity) =>
      toPerson(
        await db.person.create({
          data: { groupId, handle, identities: { create: { groupId, platform: identity.platform, externalId: identity.externalId } } },
          include: withRoles,
        }),
      ),
    setDelegation: async (personId, agencyId, isHead) => {
      await db.person.update({ where: { id: personId }, data: { agencyId, isHead } });
    },
    grantRole: async (personId, role) => {
      await db.roleGrant.upsert({ where: { personId_role: { personId, role } }, create: { personId, role }, update: {} });
    },
    revokeRole: async (personId, role) => {
      await db.roleGrant.deleteMany({ where: { personId, role } });
    },
    link: async (personId, identity) => {
      const person = await db.person.findUniqueOrThrow({ where: { id: personId } });
      await db.identity.create({ data: { groupId: person.groupId, personId, platform: identity.platform, externalId: identity.externalId } });
    },
    unlink: async (personId, identity) => {
      await db.identity.deleteMany({ where: { personId, platform: identity.platform, externalId: identity.externalId } });
    },
    createLinkCode: async ({ groupId, personId, platform, codeHash, createdAt, expiresAt }) => {
      await db.linkCode.deleteMany({ where: { personId, usedAt: null } });
      await db.linkCode.create({ data: { groupId, personId, platform, codeHash, createdAt, expiresAt } });
    },
    linkCodeByHash: async (codeHash) => {
      const r = await db.linkCode.findUnique({ where: { codeHash } });
      return r ? { id: r.id, groupId: r.groupId, personId: r.personId, platform: r.platform as Platform, expiresAt: r.expiresAt, usedAt: r.usedAt } : null;
    },
    useLinkCode: async (id, at) => (await db.linkCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1,
    identities: async (personId) =>
      (await db.identity.findMany({ where: { personId }, orderBy: { id: "asc" } })).map(
        (i): Identity => ({ platform: i.platform as Platform, externalId: i.externalId }),
      ),
  };
}
