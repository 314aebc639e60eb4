import type { Deps } from "../deps.ts";
import type { Tx } from "../store.ts";
import { DeliveryError, type Destination, type QueuedMessage, type Sender } from "./message.ts";

export const MAX_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

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

async function deliverOne(deps: Deps, message: QueuedMessage, byPlatform: Map<string, Sender>): Promise<void> {
  if (message.action === "post") {
    const destinations = await deps.store.transaction((tx) => destinationsOf(tx, message, new Set(byPlatform.keys())));
    for (const destination of destinations) {
      const delivery = await deps.store.transaction((tx) => tx.outbox.startDelivery(message.id, destination));
      if (delivery.status === "sent") continue; // done before a crash or an earlier failed attempt
      const ref = await byPlatform.get(destination.platform)!.post(message, destination);
      await deps.store.transaction((tx) => tx.outbox.finishDelivery(message.id, destination, ref, deps.clock.now()));
    }
    return;
  }
  // An edit or a deletion reaches every place the original was posted, on every platform.
  const originals = await deps.store.transaction((tx) => tx.outbox.deliveries(message.target ?? ""));
  for (const original of originals) {
    const sender = byPlatform.get(original.destination.platform);
    if (!sender || original.status !== "sent" || original.ref === null) continue;
    if (message.action === "edit") await sender.edit(message, original.destination, original.ref);
    else await sender.remove(message, original.destination, original.ref);
  }
}

/**
 * Sends what the core queued, oldest first. Delivery is at least once: each destination is recorded
 * before and after the platform call, a message is marked sent once every destination took it, and a
 * failure is retried later (as the platform asked, or with backoff), then parked with its error.
 */
export async function deliverOutbox(deps: Deps, senders: Sender[], limit = 100): Promise<number> {
  const byPlatform = new Map(senders.map((s) => [s.platform, s]));
  let delivered = 0;
  for (;;) {
    const batch = await deps.store.transaction((tx) => tx.outbox.due(deps.clock.now(), limit));
    for (const message of batch) {
      try {
        await deliverOne(deps, message, byPlatform);
        await deps.store.transaction((tx) => tx.outbox.markSent(message.id, deps.clock.now()));
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
    if (batch.length < limit) return delivered;
  }
}
