// The audit log on Prisma: append-only.
import type { AuditLog } from "../../../core/shared/audit.ts";
import type { Db } from "../db.ts";

export function audit(db: Db): AuditLog {
  return {
    append: async (e) => {
      await db.auditEntry.create({ data: { ...e, details: JSON.stringify(e.details ?? {}) } });
    },
    forSubject: async (groupId, subject) =>
      (await db.auditEntry.findMany({ where: { groupId, subject }, orderBy: { id: "asc" } })).map((e) => ({
        ...e,
        details: JSON.parse(e.details) as Record<string, unknown>,
      })),
  };
}
