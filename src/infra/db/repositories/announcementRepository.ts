// Announcements on Prisma.
import type { Announcement, AnnouncementRepository, AnnouncementStatus } from "../../../core/announcements/announcement.ts";
import type { Db, Row } from "../db.ts";

type AnnouncementRow = Row<"announcement">;

const toAnnouncement = (r: AnnouncementRow): Announcement => ({
  id: r.id,
  groupId: r.groupId,
  text: r.text,
  postAt: r.postAt,
  status: r.status as AnnouncementStatus,
  postedAt: r.postedAt,
  editedAt: r.editedAt,
  retractedAt: r.retractedAt,
  createdById: r.createdById,
  createdAt: r.createdAt,
});

export function announcements(db: Db): AnnouncementRepository {
  return {
    // Writing the row (its id to itself) locks it as portably as Prisma can, as polls.lock does.
    lock: async (id) => {
      await db.announcement.updateMany({ where: { id }, data: { id } });
    },
    create: async (announcement) => toAnnouncement(await db.announcement.create({ data: announcement })),
    byId: async (id) => {
      const r = await db.announcement.findUnique({ where: { id } });
      return r ? toAnnouncement(r) : null;
    },
    list: async (groupId) => (await db.announcement.findMany({ where: { groupId }, orderBy: { id: "desc" } })).map(toAnnouncement),
    update: async (id, patch) => toAnnouncement(await db.announcement.update({ where: { id }, data: patch })),
  };
}
