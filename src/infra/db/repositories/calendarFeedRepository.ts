// The groups' calendar feeds on Prisma: the hash of each secret, never the secret.
import type { CalendarFeedRepository } from "../../../core/meetings/calendarFeed.ts";
import type { Db } from "../db.ts";

export function calendarFeeds(db: Db): CalendarFeedRepository {
  return {
    byGroup: (groupId) => db.calendarFeed.findUnique({ where: { groupId } }),
    byTokenHash: (tokenHash) => db.calendarFeed.findUnique({ where: { tokenHash } }),
    replace: async (feed) => {
      await db.calendarFeed.upsert({ where: { groupId: feed.groupId }, create: feed, update: feed });
    },
    remove: async (groupId) => (await db.calendarFeed.deleteMany({ where: { groupId } })).count > 0,
  };
}
