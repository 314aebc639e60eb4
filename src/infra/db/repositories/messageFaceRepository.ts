// What each posted message shows now, on Prisma (see src/core/outbox/messageFace.ts).
import type { MessageFaceRepository } from "../../../core/outbox/messageFace.ts";
import type { Db } from "../db.ts";

export function messageFaces(db: Db): MessageFaceRepository {
  const forget = async (platform: string, ref: string) => {
    await db.messageFace.deleteMany({ where: { platform, ref } });
  };
  return {
    alreadyShows: async (platform, ref, fingerprint) => {
      const face = await db.messageFace.findUnique({ where: { platform_ref: { platform, ref } }, select: { fingerprint: true } });
      if (face?.fingerprint === fingerprint) return true;
      if (face) await forget(platform, ref);
      return false;
    },
    record: async (platform, ref, fingerprint, at) => {
      // A face recorded since this sender forgot it: the two changes may have landed in either order.
      if ((await db.messageFace.deleteMany({ where: { platform, ref } })).count > 0) return false;
      // Two senders recording at once: the unique key lets one insert; the store retries the other's
      // transaction, which then finds the row and forgets it.
      await db.messageFace.create({ data: { platform, ref, fingerprint, shownAt: at } });
      return true;
    },
    posted: async (platform, ref, fingerprint, at, pruneBefore) => {
      // The index on shownAt keeps the pruning cheap; posts are far fewer than edits, so it runs here.
      await db.messageFace.deleteMany({ where: { shownAt: { lt: pruneBefore } } });
      await db.messageFace.upsert({ where: { platform_ref: { platform, ref } }, create: { platform, ref, fingerprint, shownAt: at }, update: { fingerprint, shownAt: at } });
    },
    forget,
  };
}
