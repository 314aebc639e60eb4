// The platform requests already applied, on Prisma (see src/core/access/replay.ts).
import type { DeliveredRequestMemory } from "../../../core/access/replay.ts";
import type { Db } from "../db.ts";

export function deliveries(db: Db): DeliveredRequestMemory {
  return {
    remember: async (platform, request, expiresAt) => {
      // Forget what no platform can deliver again; the index on expiresAt keeps this cheap.
      await db.deliveredRequest.deleteMany({ where: { expiresAt: { lt: request.receivedAt } } });
      const known = await db.deliveredRequest.findUnique({ where: { platform_requestId: { platform, requestId: request.id } } });
      if (known) return known.handledBy === request.handledBy;
      // Two processes handling the same request at once: the unique index lets one commit, the other fails and applies nothing.
      await db.deliveredRequest.create({ data: { platform, requestId: request.id, handledBy: request.handledBy, expiresAt } });
      return true;
    },
  };
}
