// Requests held between their acknowledgement and their command, on Prisma (see src/core/access/heldRequest.ts).
import type { HeldRequest, HeldRequestRepository } from "../../../core/access/heldRequest.ts";
import type { Db } from "../db.ts";

const toHeld = ({ platform, requestId, payload, receivedAt, attempts }: HeldRequest): HeldRequest => ({ platform, requestId, payload, receivedAt, attempts });

export function heldRequests(db: Db): HeldRequestRepository {
  return {
    hold: async (request, claimedBy, until) => {
      const key = { platform_requestId: { platform: request.platform, requestId: request.requestId } };
      if (await db.heldRequest.findUnique({ where: key, select: { attempts: true } })) return false;
      // Two holds of one request at once: the primary key lets one commit, and the other's retry finds it held.
      await db.heldRequest.create({ data: { ...request, claimedBy, claimedUntil: until } });
      return true;
    },
    renew: async (platform, requestIds, claimedBy, until) => {
      if (requestIds.length === 0) return;
      await db.heldRequest.updateMany({ where: { platform, requestId: { in: requestIds }, claimedBy }, data: { claimedUntil: until } });
    },
    release: async (platform, requestId) => {
      await db.heldRequest.deleteMany({ where: { platform, requestId } });
    },
    takeOver: async (platform, at, claimedBy, until, limit) => {
      const due = await db.heldRequest.findMany({ where: { platform, claimedUntil: { lte: at } }, orderBy: { receivedAt: "asc" }, take: limit });
      const taken: HeldRequest[] = [];
      for (const row of due) {
        // Conditional on the claim still being run out: of two replicas looking at once, one updates
        // the row and the other (on PostgreSQL, after waiting for the first's row lock) finds it claimed.
        const claimed = await db.heldRequest.updateMany({
          where: { platform, requestId: row.requestId, claimedUntil: { lte: at } },
          data: { claimedBy, claimedUntil: until, attempts: { increment: 1 } },
        });
        if (claimed.count === 1) taken.push(toHeld({ ...row, attempts: row.attempts + 1 }));
      }
      return taken;
    },
    forgetBefore: async (platform, before) => (await db.heldRequest.deleteMany({ where: { platform, receivedAt: { lt: before } } })).count,
  };
}
