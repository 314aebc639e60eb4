// The outbox on Prisma: messages to deliver and their delivery to each destination.
import { destinationKey, type Audience, type Delivery, type Destination, type Outbox, type OutboxAction, type OutboxQueue, type OutboxStatus, type QueuedMessage } from "../../../core/outbox/message.ts";
import type { Db, Row } from "../db.ts";

const toQueued = (r: Row<"outboxMessage">): QueuedMessage => ({
  id: r.id,
  groupId: r.groupId,
  idempotencyKey: r.idempotencyKey,
  audience: JSON.parse(r.audience) as Audience,
  text: r.text,
  data: JSON.parse(r.data) as Record<string, unknown>,
  action: r.action as OutboxAction,
  target: r.target,
  attempts: r.attempts,
  createdAt: r.createdAt,
});

const toDelivery = (r: Row<"outboxDelivery">): Delivery => ({
  destination: JSON.parse(r.detail) as Destination,
  status: r.status as Delivery["status"],
  ref: r.ref,
});

export function outbox(db: Db): Outbox & OutboxQueue {
  return {
    due: async (at, limit) =>
      (await db.outboxMessage.findMany({ where: { status: "pending", nextAttemptAt: { lte: at } }, orderBy: { id: "asc" }, take: limit })).map(toQueued),
    byKey: async (idempotencyKey) => {
      const r = await db.outboxMessage.findUnique({ where: { idempotencyKey } });
      return r ? { ...toQueued(r), status: r.status as OutboxStatus, nextAttemptAt: r.nextAttemptAt } : null;
    },
    postpone: async (id, until) => {
      await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: until } });
    },
    markSent: async (id, at) => {
      await db.outboxMessage.update({ where: { id }, data: { status: "sent", sentAt: at } });
    },
    markFailed: async (id, error, retryAt, park) => {
      await db.outboxMessage.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: error, nextAttemptAt: retryAt, ...(park ? { status: "parked" } : {}) } });
    },
    removalQueued: async (target) => (await db.outboxMessage.count({ where: { target, action: "delete" } })) > 0,
    changedLaterAt: async (target, afterId) =>
      (await db.outboxDelivery.findMany({ where: { status: "sent", message: { target, id: { gt: afterId } } } })).map((r) => toDelivery(r).destination),
    deliveries: async (idempotencyKey) =>
      (await db.outboxDelivery.findMany({ where: { message: { idempotencyKey } }, orderBy: { id: "asc" } })).map(toDelivery),
    startDelivery: async (messageId, destination) => {
      const key = { messageId_destination: { messageId, destination: destinationKey(destination) } };
      const row = await db.outboxDelivery.upsert({
        where: key,
        create: { messageId, destination: destinationKey(destination), detail: JSON.stringify(destination), status: "sending", attempts: 1 },
        update: { attempts: { increment: 1 } },
      });
      return toDelivery(row);
    },
    finishDelivery: async (messageId, destination, ref, at) => {
      await db.outboxDelivery.update({ where: { messageId_destination: { messageId, destination: destinationKey(destination) } }, data: { status: "sent", ref, sentAt: at } });
    },
    parked: async (groupId) =>
      (await db.outboxMessage.findMany({ where: { groupId, status: "parked" }, orderBy: { id: "asc" } })).map((r) => ({ ...toQueued(r), lastError: r.lastError })),
    retry: async (id, at) => (await db.outboxMessage.updateMany({ where: { id, status: "parked" }, data: { status: "pending", attempts: 0, nextAttemptAt: at } })).count === 1,
    enqueue: async (m, at) => {
      // A second enqueue of the same logical message is a no-op: retried work cannot send twice.
      await db.outboxMessage.upsert({
        where: { idempotencyKey: m.idempotencyKey },
        create: {
          groupId: m.groupId,
          idempotencyKey: m.idempotencyKey,
          action: m.action ?? "post",
          target: m.target ?? null,
          audience: JSON.stringify(m.audience satisfies Audience),
          text: m.text,
          data: JSON.stringify(m.data ?? {}),
          status: "pending",
          attempts: 0,
          nextAttemptAt: at,
          createdAt: at,
        },
        update: {},
      });
    },
  };
}
