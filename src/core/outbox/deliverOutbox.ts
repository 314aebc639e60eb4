import type { Deps } from "../deps.ts";
import type { Tx } from "../store.ts";
import type { Destination, QueuedMessage, Sender } from "./message.ts";

const MAX_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** attempt, 3_600_000);

/** Where a message goes on each platform that has a sender: bound channels, or each person's account. */
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

/**
 * Sends what the core queued, oldest first. Delivery is at least once: a message is marked sent only
 * after every destination took it, and a failure is retried later, then parked with its error.
 */
export async function deliverOutbox(deps: Deps, senders: Sender[], limit = 100): Promise<number> {
  const byPlatform = new Map(senders.map((s) => [s.platform, s]));
  const platforms = new Set(byPlatform.keys());
  let delivered = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.store.transaction((tx) => tx.outbox.due(now, limit));
    for (const message of batch) {
      const destinations = await deps.store.transaction((tx) => destinationsOf(tx, message, platforms));
      try {
        for (const d of destinations) await byPlatform.get(d.platform)!.send(message, d);
        await deps.store.transaction((tx) => tx.outbox.markSent(message.id, deps.clock.now()));
        delivered++;
      } catch (error) {
        const attempt = message.attempts + 1;
        const retryAt = new Date(deps.clock.now().getTime() + backoffMs(attempt));
        await deps.store.transaction((tx) => tx.outbox.markFailed(message.id, String(error), retryAt, attempt >= MAX_ATTEMPTS));
      }
    }
    if (batch.length < limit) return delivered;
  }
}
