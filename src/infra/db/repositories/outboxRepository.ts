// The outbox on Prisma: messages to deliver and their delivery to each destination.
import { destinationKey, type Audience, type Delivery, type Destination, type Outbox, type OutboxAction, type OutboxQueue, type OutboxStatus, type QueuedMessage, type StartedDelivery } from "../../../core/outbox/message.ts";
import type { Db, Row } from "../db.ts";

export const toQueued = (r: Row<"outboxMessage">): QueuedMessage => ({
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

/** Pending, due at `at`, and claimed by no deliverer whose lease still runs. */
const claimable = (at: Date) => ({ status: "pending", nextAttemptAt: { lte: at }, OR: [{ claimedUntil: null }, { claimedUntil: { lte: at } }] });

/** Ends a deliverer's claim, with whatever else the message's row records. */
const RELEASED = { claimedBy: null, claimedUntil: null };

/** Changes (edits, removals) of the messages keyed `targets`, or of any message when `targets` is not given. */
const changesOf = (targets?: string[]) => ({ action: { not: "post" }, target: targets ? { in: targets } : { not: null } });

/** The messages whose changes another deliverer's lease covers now: `targets` of them, or all. */
async function busyTargets(db: Db, worker: string, at: Date, targets?: string[]): Promise<Set<string>> {
  const held = await db.outboxMessage.findMany({
    where: { ...changesOf(targets), status: "pending", claimedUntil: { gt: at }, NOT: { claimedBy: worker } },
    select: { target: true },
    distinct: ["target"],
  });
  return new Set(held.map((m) => m.target!));
}

const isChange = (m: Pick<Row<"outboxMessage">, "action" | "target">) => m.action !== "post" && m.target !== null;

export function outbox(db: Db): Outbox & OutboxQueue {
  return {
    due: async (at, limit) =>
      (await db.outboxMessage.findMany({ where: { status: "pending", nextAttemptAt: { lte: at } }, orderBy: { id: "asc" }, take: limit })).map(toQueued),
    claim: async (at, limit, worker, until) => {
      // Changes of a message another deliverer is changing are left out before the limit applies, so
      // that they do not hold up the rest of the queue.
      const busyBefore = [...(await busyTargets(db, worker, at))];
      const candidates = await db.outboxMessage.findMany({
        where: { ...claimable(at), NOT: { ...changesOf(busyBefore) } },
        orderBy: { id: "asc" },
        take: limit,
      });
      // Each target's own row is locked (written to itself, in a fixed order), so that two deliverers
      // claiming changes of one message at once queue here, and the second, reading again, sees the
      // first's claims once it commits.
      const targets = [...new Set(candidates.filter(isChange).map((m) => m.target!))].sort();
      for (const target of targets) await db.outboxMessage.updateMany({ where: { idempotencyKey: target }, data: { idempotencyKey: target } });
      const busy = targets.length > 0 ? await busyTargets(db, worker, at, targets) : new Set<string>();
      const claimed: QueuedMessage[] = [];
      for (const m of candidates) {
        if (isChange(m) && busy.has(m.target!)) continue;
        // Conditional: on PostgreSQL a claimer that meets another's row lock waits, then finds it claimed.
        const won = await db.outboxMessage.updateMany({ where: { id: m.id, ...claimable(at) }, data: { claimedBy: worker, claimedUntil: until } });
        if (won.count === 1) claimed.push(toQueued(m));
      }
      return claimed;
    },
    renew: async (ids, worker, until) => {
      if (ids.length === 0) return [];
      await db.outboxMessage.updateMany({ where: { id: { in: ids }, status: "pending", claimedBy: worker }, data: { claimedUntil: until } });
      const held = await db.outboxMessage.findMany({ where: { id: { in: ids }, status: "pending", claimedBy: worker }, select: { id: true }, orderBy: { id: "asc" } });
      return held.map((m) => m.id);
    },
    byKey: async (idempotencyKey) => {
      const r = await db.outboxMessage.findUnique({ where: { idempotencyKey } });
      return r ? { ...toQueued(r), status: r.status as OutboxStatus, nextAttemptAt: r.nextAttemptAt } : null;
    },
    postpone: async (id, until) => {
      await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: until, ...RELEASED } });
    },
    markSent: async (id, at) => {
      await db.outboxMessage.update({ where: { id }, data: { status: "sent", sentAt: at, ...RELEASED } });
    },
    markFailed: async (id, error, retryAt, park) => {
      await db.outboxMessage.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: error, nextAttemptAt: retryAt, ...RELEASED, ...(park ? { status: "parked" } : {}) } });
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
      // Created with one attempt: more means an earlier attempt was started and never completed.
      return { ...toDelivery(row), earlierAttempt: row.attempts > 1 } satisfies StartedDelivery;
    },
    finishDelivery: async (messageId, destination, ref, at) => {
      await db.outboxDelivery.update({ where: { messageId_destination: { messageId, destination: destinationKey(destination) } }, data: { status: "sent", ref, sentAt: at } });
    },
    parked: async (groupId) =>
      (await db.outboxMessage.findMany({ where: { groupId, status: "parked" }, orderBy: { id: "asc" } })).map((r) => ({ ...toQueued(r), lastError: r.lastError })),
    retry: async (id, at) => (await db.outboxMessage.updateMany({ where: { id, status: "parked" }, data: { status: "pending", attempts: 0, nextAttemptAt: at, ...RELEASED } })).count === 1,
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
