import type { Deps } from "../deps.ts";
import type { Tx } from "../store.ts";
import { DeliveryError, destinationKey, isCardRedraw, type Destination, type OutgoingMessage, type QueuedMessage, type Sender } from "./message.ts";

export const MAX_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
const WAIT_FOR_ORIGINAL_MS = 1_000;

/** Where a new message goes on each platform that has a sender: bound channels, or each person's account. */
export async function destinationsOf(tx: Tx, message: QueuedMessage, platforms: Set<string>): Promise<Destination[]> {
  const audience = message.audience;
  if (audience.kind === "channel") {
    return (await tx.groups.bindings(message.groupId))
      .filter((b) => b.purpose === audience.purpose && platforms.has(b.platform))
      .map((b) => ({ kind: "channel", platform: b.platform, channelId: b.channelId, purpose: b.purpose }));
  }
  const people = audience.kind === "agency" ? await tx.people.listByAgency(audience.agencyId) : [await tx.people.byId(audience.personId)].filter((p) => p !== null);
  const out: Destination[] = [];
  for (const person of people) {
    for (const identity of await tx.people.identities(person.id)) {
      if (platforms.has(identity.platform)) out.push({ kind: "dm", platform: identity.platform, externalId: identity.externalId, handle: person.handle, personId: person.id });
    }
  }
  return out;
}

/** A message is delivered, or it waits (without failing) until its original has been tried again. */
type Outcome = { delivered: true } | { delivered: false; waitUntil: Date };
const DELIVERED: Outcome = { delivered: true };

async function post(deps: Deps, message: QueuedMessage, byPlatform: Map<string, Sender>): Promise<Outcome> {
  const { destinations, retracted } = await deps.store.transaction(async (tx) => ({
    destinations: await destinationsOf(tx, message, new Set(byPlatform.keys())),
    retracted: await tx.outbox.removalQueued(message.idempotencyKey),
  }));
  // Retracted while it was still going out (a retry pending somewhere): it goes no further, and the
  // removal takes it down where it already went.
  if (retracted) return DELIVERED;
  for (const destination of destinations) {
    const delivery = await deps.store.transaction((tx) => tx.outbox.startDelivery(message.id, destination));
    if (delivery.status === "sent") continue; // done before a crash or an earlier failed attempt
    // An attempt left unfinished may have reached the platform before its deliverer died or its answer
    // was lost; a sender that cannot deduplicate by itself looks for it before posting again.
    const options = delivery.earlierAttempt ? { earlierAttemptSince: message.createdAt } : {};
    const ref = await byPlatform.get(destination.platform)!.post(message, destination, options);
    await deps.store.transaction((tx) => tx.outbox.finishDelivery(message.id, destination, ref, deps.clock.now()));
  }
  return DELIVERED;
}

/**
 * An edit or a deletion reaches every place the original was posted, on every platform, and never
 * overtakes it: where the original has no platform reference yet (it is still being retried), the
 * change waits for it. Each destination changed is recorded, so a retry does not change it twice.
 */
async function change(deps: Deps, message: QueuedMessage, byPlatform: Map<string, Sender>): Promise<Outcome> {
  const target = message.target ?? "";
  // Read together, so that an original completed meanwhile is never taken as complete with stale deliveries.
  const { original, deliveries, overtaken } = await deps.store.transaction(async (tx) => ({
    original: await tx.outbox.byKey(target),
    deliveries: await tx.outbox.deliveries(target),
    // A change retried after a later one went through must not put the older text back.
    overtaken: new Set((await tx.outbox.changedLaterAt(target, message.id)).map(destinationKey)),
  }));
  if (!original) return DELIVERED; // nothing was ever posted under that key
  for (const posted of deliveries) {
    const sender = byPlatform.get(posted.destination.platform);
    if (!sender || posted.status !== "sent" || posted.ref === null) continue;
    if (overtaken.has(destinationKey(posted.destination))) continue;
    const delivery = await deps.store.transaction((tx) => tx.outbox.startDelivery(message.id, posted.destination));
    if (delivery.status === "sent") continue;
    if (message.action === "edit") await sender.edit(message, posted.destination, posted.ref);
    else await sender.remove(message, posted.destination, posted.ref);
    await deps.store.transaction((tx) => tx.outbox.finishDelivery(message.id, posted.destination, posted.ref!, deps.clock.now()));
  }
  if (original.status === "sent") return DELIVERED;
  if (original.status === "parked") {
    // A redraw of a poll's card has nothing to add where the card never went: if its post is retried,
    // the card is posted from the live state. Parking every vote's redraw would bury the post itself.
    if (isCardRedraw(message)) return DELIVERED;
    throw new DeliveryError(
      `the message it changes, #${original.id} (${original.idempotencyKey}), was given up before it reached every destination; ` +
        `retry that one with /outbox retry id:${original.id}, then this one`,
      undefined,
      true,
    );
  }
  // Due again when the original is, at least a moment from now so that the dispatcher never spins on it.
  const soonest = deps.clock.now().getTime() + WAIT_FOR_ORIGINAL_MS;
  return { delivered: false, waitUntil: new Date(Math.max(original.nextAttemptAt.getTime(), soonest)) };
}

/**
 * In a storm of votes, each vote queues a redraw of its poll's card. A redraw followed in the same batch
 * by another of the same card has nothing to add, since the later one draws the live state: those are
 * done without a call to any platform.
 */
function supersededRedraws(batch: QueuedMessage[]): Set<number> {
  const latest = new Map<string, number>();
  for (const message of batch) if (isCardRedraw(message) && message.target) latest.set(message.target, message.id);
  return new Set(batch.filter((m) => isCardRedraw(m) && m.target && latest.get(m.target) !== m.id).map((m) => m.id));
}

/**
 * How long a deliverer's claim on a message lasts before another may take it over: a replica killed
 * holding claims costs its messages this long (a bot restarted after a crash waits it out too). The
 * claims left are renewed on a timer every third of it, while a platform call is under way as between
 * messages, so a slow call (discord.js and Bolt give up on a request after 15 and 30 s, retries
 * included less often) keeps them; only a deliverer that stopped lets them run out.
 */
export const LEASE_MS = 15_000;

export interface DeliveryOptions {
  /** Who claims the messages, as shown in `claimedBy`; a fresh id per call, prefixed with it. */
  worker?: string;
  limit?: number;
  leaseMs?: number;
}

/**
 * Sends what the core queued, oldest first. Delivery is at least once: each destination is recorded
 * before and after the platform call, a message is marked sent once every destination took it, and a
 * failure is retried later (as the platform asked, or with backoff), then parked with its error. An
 * edit or deletion waits for the post it changes, and is parked with it if the post is given up.
 * Several deliverers (replicas) share one outbox: each claims a batch with a lease (outbox.claim) and
 * sends only what it holds.
 */
export async function deliverOutbox(deps: Deps, senders: Sender[], options: DeliveryOptions = {}): Promise<number> {
  const { limit = 100, leaseMs = LEASE_MS } = options;
  // Fresh for each call: two calls in one process are two deliverers, and neither sends the other's claims.
  const worker = `${options.worker ?? "outbox"}:${globalThis.crypto.randomUUID().slice(0, 8)}`;
  const byPlatform = new Map(senders.map((s) => [s.platform, s]));
  const leaseFrom = (at: Date) => new Date(at.getTime() + leaseMs);
  let delivered = 0;
  for (;;) {
    let until = leaseFrom(deps.clock.now());
    const batch = await deps.store.transaction((tx) => tx.outbox.claim(deps.clock.now(), limit, worker, until));
    const superseded = supersededRedraws(batch);
    if (superseded.size > 0) {
      const now = deps.clock.now();
      await deps.store.transaction(async (tx) => {
        for (const id of superseded) await tx.outbox.markSent(id, now);
      });
      delivered += superseded.size;
    }
    let held = new Set(batch.map((m) => m.id));
    let rest: number[] = batch.filter((m) => !superseded.has(m.id)).map((m) => m.id);
    const renew = async () => {
      const next = leaseFrom(deps.clock.now());
      const kept = new Set(await deps.store.transaction((tx) => tx.outbox.renew(rest, worker, next)));
      // Only a renewal that committed extends the claims: one that failed leaves them to run out.
      until = next;
      held = new Set([...held].filter((id) => kept.has(id)));
    };
    // Every third of the lease, between messages as much as during a platform call (a rate limit's
    // wait, a slow answer), the claims left are renewed, so they outlive the batch however long it takes.
    let renewing: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      renewing = renewing.then(renew).catch(() => undefined);
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      for (const [index, message] of batch.entries()) {
        if (superseded.has(message.id)) continue;
        // What the heartbeat renews from now on; a claim it found lost meanwhile is someone else's now.
        rest = batch.slice(index).filter((m) => !superseded.has(m.id)).map((m) => m.id);
        // A claim run out (its renewals failed) may be another deliverer's by now: sending it here too could post it twice.
        if (!held.has(message.id) || deps.clock.now().getTime() >= until.getTime()) continue;
        try {
          const outcome = message.action === "post" ? await post(deps, message, byPlatform) : await change(deps, message, byPlatform);
          if (!outcome.delivered) {
            await deps.store.transaction((tx) => tx.outbox.postpone(message.id, outcome.waitUntil));
            continue;
          }
          const lapsed = deps.clock.now().getTime() >= until.getTime();
          await deps.store.transaction(async (tx) => {
            await tx.outbox.markSent(message.id, deps.clock.now());
            // A redraw that took longer than its lease may have landed after a newer one sent by the
            // deliverer that took it over: one more redraw, drawn now, puts the latest tally back.
            if (lapsed && isCardRedraw(message)) await tx.outbox.enqueue(redrawAgain(message, deps.clock.now()), deps.clock.now());
          });
          delivered++;
        } catch (error) {
          const attempt = message.attempts + 1;
          const failure = error instanceof DeliveryError ? error : null;
          const wait = failure?.retryAfterMs ?? backoffMs(attempt);
          const park = Boolean(failure?.permanent) || attempt >= MAX_ATTEMPTS;
          const retryAt = new Date(deps.clock.now().getTime() + wait);
          await deps.store.transaction((tx) => tx.outbox.markFailed(message.id, error instanceof Error ? error.message : String(error), retryAt, park));
        }
      }
    } finally {
      clearInterval(heartbeat);
      await renewing;
    }
    if (batch.length < limit) return delivered;
  }
}

/** Another redraw of the card `message` redrew, under a key of its own. */
function redrawAgain(message: QueuedMessage, at: Date): OutgoingMessage {
  const { groupId, audience, text, data, action, target } = message;
  return { groupId, idempotencyKey: `${message.idempotencyKey}:again:${at.getTime()}`, audience, text, data, action, target };
}
