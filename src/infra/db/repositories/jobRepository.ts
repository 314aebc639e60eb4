// Scheduled jobs on Prisma: due work kept in the database, claimed in the transaction of its effects.
import type { JobRepository, ScheduledJob } from "../../../core/scheduler/job.ts";
import type { Db, Row } from "../db.ts";

const toJob = (r: Row<"scheduledJob">): ScheduledJob => ({
  id: r.id,
  groupId: r.groupId,
  kind: r.kind,
  dueAt: r.dueAt,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status as ScheduledJob["status"],
  dedupeKey: r.dedupeKey,
});

export function jobs(db: Db): JobRepository {
  return {
    schedule: async (job) => {
      const data = { groupId: job.groupId, kind: job.kind, dueAt: job.dueAt, payload: JSON.stringify(job.payload) };
      // A job cancelled and scheduled again (an extension undone, alerts moved to new offsets or a new
      // zone) comes back to life at its new time; a pending or done one stays as it is.
      await db.scheduledJob.upsert({
        where: { dedupeKey: job.dedupeKey },
        create: { ...data, dedupeKey: job.dedupeKey },
        update: {},
      });
      await db.scheduledJob.updateMany({ where: { dedupeKey: job.dedupeKey, status: "cancelled" }, data: { status: "pending", dueAt: data.dueAt, payload: data.payload } });
    },
    pendingKeys: async (prefix) =>
      (await db.scheduledJob.findMany({ where: { dedupeKey: { startsWith: prefix }, status: "pending" }, select: { dedupeKey: true } })).map((r) => r.dedupeKey),
    cancelPending: async (prefix) =>
      (await db.scheduledJob.updateMany({ where: { dedupeKey: { startsWith: prefix }, status: "pending" }, data: { status: "cancelled" } })).count,
    dueBefore: async (at, limit) =>
      (await db.scheduledJob.findMany({ where: { status: "pending", dueAt: { lte: at } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit })).map(toJob),
    nextDue: async () => {
      const r = await db.scheduledJob.findFirst({ where: { status: "pending" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
      return r ? toJob(r) : null;
    },
    claim: async (id, worker, at) =>
      (await db.scheduledJob.updateMany({ where: { id, status: "pending" }, data: { status: "done", doneAt: at, doneBy: worker } })).count === 1,
  };
}

