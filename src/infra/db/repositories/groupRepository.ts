// Groups and their channel bindings on Prisma.
import type { ChannelPurpose, Group, GroupRepository, WorkspaceRef } from "../../../core/setup/group.ts";
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
    list: async () => (await db.group.findMany({ orderBy: { id: "asc" } })).map(toGroup),
    ofWorkspace: async (w) => {
      const row = await db.workspace.findUnique({ where: { platform_workspaceId: { platform: w.platform, workspaceId: w.id } } });
      if (!row) return null;
      const r = await db.group.findUnique({ where: { id: row.groupId } });
      return r ? toGroup(r) : null;
    },
    addWorkspace: async (groupId, w, at) => {
      // No read first: under PostgreSQL's READ COMMITTED it would see a claim committed since the
      // caller's check and leave the caller half done; the unique key fails the transaction instead.
      await db.workspace.create({ data: { platform: w.platform, workspaceId: w.id, groupId, joinedAt: at } });
    },
    workspaces: async (groupId) =>
      (await db.workspace.findMany({ where: { groupId }, orderBy: { id: "asc" } })).map((w) => ({ platform: w.platform as WorkspaceRef["platform"], id: w.workspaceId })),
    adoption: async (platform) => (await db.workspaceAdoption.findUnique({ where: { platform } }))?.groupId ?? null,
    setAdoption: async (platform, groupId) => {
      if (groupId === null) await db.workspaceAdoption.deleteMany({ where: { platform } });
      else await db.workspaceAdoption.upsert({ where: { platform }, create: { platform, groupId }, update: { groupId } });
    },
    createJoinCode: async (code) => {
      await db.workspaceJoinCode.create({ data: code });
    },
    joinCodeByHash: async (codeHash) => {
      const r = await db.workspaceJoinCode.findUnique({ where: { codeHash } });
      return r ? { id: r.id, groupId: r.groupId, platform: r.platform, createdById: r.createdById, expiresAt: r.expiresAt, usedAt: r.usedAt } : null;
    },
    useJoinCode: async (id, at) => (await db.workspaceJoinCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1,
  };
}
