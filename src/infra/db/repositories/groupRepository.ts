// Groups and their channel bindings on Prisma.
import type { ChannelPurpose, Group, GroupRepository } from "../../../core/setup/group.ts";
import type { Db, Row } from "../db.ts";

const numbers = (csv: string): number[] =>
  csv
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n));

const toGroup = (r: Row<"group">): Group => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  pollReminderHours: numbers(r.pollReminderHours),
  meetingReminderDays: numbers(r.meetingReminderDays),
  advisorNoticeDays: r.advisorNoticeDays,
  annualAlertMonths: numbers(r.annualAlertMonths),
  chairAlertMonths: numbers(r.chairAlertMonths),
  mandateAlertMonths: numbers(r.mandateAlertMonths),
  minutesReminderDays: r.minutesReminderDays,
  catchUpFoldHours: r.catchUpFoldHours,
  mandateEndsOn: r.mandateEndsOn,
});

export function groups(db: Db): GroupRepository {
  return {
    byId: async (id) => {
      const r = await db.group.findUnique({ where: { id } });
      return r ? toGroup(r) : null;
    },
    first: async () => {
      const r = await db.group.findFirst({ orderBy: { id: "asc" } });
      return r ? toGroup(r) : null;
    },
    create: async (name, timezone) => toGroup(await db.group.create({ data: { name, timezone } })),
    update: async (id, patch) => {
      const { pollReminderHours, meetingReminderDays, annualAlertMonths, chairAlertMonths, mandateAlertMonths, ...rest } = patch;
      const csv = (list: number[] | undefined) => (list ? list.join(",") : undefined);
      await db.group.update({
        where: { id },
        data: {
          ...rest,
          pollReminderHours: csv(pollReminderHours),
          meetingReminderDays: csv(meetingReminderDays),
          annualAlertMonths: csv(annualAlertMonths),
          chairAlertMonths: csv(chairAlertMonths),
          mandateAlertMonths: csv(mandateAlertMonths),
        },
      });
    },
    bind: async (groupId, b) => {
      const key = { groupId, platform: b.platform, channelId: b.channelId, purpose: b.purpose };
      const existing = await db.channelBinding.findUnique({ where: { groupId_platform_channelId_purpose: key } });
      if (existing) return false;
      await db.channelBinding.create({ data: key });
      return true;
    },
    bindings: async (groupId) =>
      (await db.channelBinding.findMany({ where: { groupId }, orderBy: { id: "asc" } })).map((b) => ({
        platform: b.platform,
        channelId: b.channelId,
        purpose: b.purpose as ChannelPurpose,
      })),
  };
}
