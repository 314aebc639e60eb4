// Meetings and their host agencies on Prisma.
import type { Meeting, MeetingKind, MeetingRepository, MeetingStatus } from "../../../core/meetings/meeting.ts";
import type { Db, Row } from "../db.ts";

type MeetingRow = Row<"meeting">;

const withHosts = { hosts: { select: { agencyId: true }, orderBy: { agencyId: "asc" as const } } };

const toMeeting = (r: MeetingRow & { hosts: { agencyId: number }[] }): Meeting => ({
  id: r.id,
  groupId: r.groupId,
  kind: r.kind as MeetingKind,
  title: r.title,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  timezone: r.timezone,
  status: r.status as MeetingStatus,
  event: r.event,
  city: r.city,
  country: r.country,
  venue: r.venue,
  onlineUrl: r.onlineUrl,
  agreedProposalId: r.agreedProposalId,
  hostAgencyIds: r.hosts.map((h) => h.agencyId),
  heldAt: r.heldAt,
  minutes: r.minutes,
  minutesIssuedAt: r.minutesIssuedAt,
  createdById: r.createdById,
  createdAt: r.createdAt,
  calendarSequence: r.calendarSequence,
  calendarUpdatedAt: r.calendarUpdatedAt,
});

export function meetings(db: Db): MeetingRepository {
  return {
    // Writing the row (its id to itself) locks it as portably as Prisma can, as polls.lock does.
    lock: async (id) => {
      await db.meeting.updateMany({ where: { id }, data: { id } });
    },
    create: async (meeting) => toMeeting(await db.meeting.create({ data: meeting, include: withHosts })),
    byId: async (id) => {
      const r = await db.meeting.findUnique({ where: { id }, include: withHosts });
      return r ? toMeeting(r) : null;
    },
    list: async (groupId) =>
      (await db.meeting.findMany({ where: { groupId }, include: withHosts, orderBy: [{ startsOn: "asc" }, { id: "asc" }] })).map(toMeeting),
    update: async (id, { calendarChangedAt, ...patch }) => {
      // Raised in the database, so that two changes committed one after the other cannot both write the same number.
      const calendar = calendarChangedAt ? { calendarSequence: { increment: 1 }, calendarUpdatedAt: calendarChangedAt } : {};
      await db.meeting.update({ where: { id }, data: { ...patch, ...calendar } });
    },
    setHosts: async (meetingId, agencyIds) => {
      await db.meetingHost.deleteMany({ where: { meetingId } });
      await db.meetingHost.createMany({ data: [...new Set(agencyIds)].map((agencyId) => ({ meetingId, agencyId })) });
    },
  };
}
