// The outbox delivered through recording senders on a real SQLite file: where each message goes,
// what a failing platform leaves behind (retries, then parking), and that nothing is sent twice.
import { afterEach, describe, expect, it } from "vitest";
import { deliverOutbox, MAX_ATTEMPTS } from "../../src/core/outbox/deliverOutbox.ts";
import { listParked, retryParked } from "../../src/core/outbox/manageOutbox.ts";
import { DeliveryError, type Destination, type QueuedMessage, type Sender } from "../../src/core/outbox/message.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Poll } from "../../src/core/polls/poll.ts";
import { remindPoll } from "../../src/core/polls/remindPoll.ts";
import { bindChannel } from "../../src/core/setup/configureGroup.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { attachAccount } from "../support/governance.ts";
import { DAY, HOUR, later } from "../support/time.ts";
import { SLOW_MACHINE_MS } from "./pollRecords.ts";

interface SentCall {
  action: "post" | "edit" | "remove";
  key: string;
  /** A channel id, or the handle a direct message went to. */
  to: string;
  ref: string;
}

/** A platform that records what it is asked to do, and fails while `failure` says so. */
class RecordingSender implements Sender {
  readonly calls: SentCall[] = [];
  attempts = 0;
  failure: ((message: QueuedMessage, destination: Destination) => Error | null) | null = null;
  #posted = 0;

  constructor(readonly platform: string) {}

  async post(message: QueuedMessage, destination: Destination): Promise<string> {
    this.#attempt(message, destination);
    const ref = `${this.platform}-message-${++this.#posted}`;
    this.calls.push({ action: "post", key: message.idempotencyKey, to: RecordingSender.#where(destination), ref });
    return ref;
  }

  async edit(message: QueuedMessage, destination: Destination, ref: string): Promise<void> {
    this.#attempt(message, destination);
    this.calls.push({ action: "edit", key: message.idempotencyKey, to: RecordingSender.#where(destination), ref });
  }

  async remove(message: QueuedMessage, destination: Destination, ref: string): Promise<void> {
    this.#attempt(message, destination);
    this.calls.push({ action: "remove", key: message.idempotencyKey, to: RecordingSender.#where(destination), ref });
  }

  posts(key: string): string[] {
    return this.calls.filter((c) => c.action === "post" && c.key === key).map((c) => c.to);
  }

  #attempt(message: QueuedMessage, destination: Destination): void {
    this.attempts++;
    const error = this.failure?.(message, destination);
    if (error) throw error;
  }

  static #where(d: Destination): string {
    return d.kind === "channel" ? `#${d.channelId}` : `@${d.handle}`;
  }
}

/** The group the running test built, removed after it whatever happened. */
let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

/**
 * NASA, ESA and JAXA with two representatives each. The shell has an announcements and a secretariat
 * channel; the operator and nasa2 also have Discord accounts, and Discord has an announcements channel.
 */
async function twoPlatforms(): Promise<{ g: TestGroup; shell: RecordingSender; discord: RecordingSender; poll: Poll }> {
  const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 2 }));
  must(await bindChannel(g.deps, g.operator, "shell-announcements", "announcements"));
  must(await bindChannel(g.deps, g.operator, "shell-secretariat", "secretariat"));
  await attachAccount(g, "operator", { platform: "discord", externalId: "d-operator" });
  await attachAccount(g, "nasa2", { platform: "discord", externalId: "d-nasa2" });
  must(await bindChannel(g.deps, g.caller("d-operator", "discord"), "discord-announcements", "announcements"));
  const poll = must(await openPoll(g.deps, g.operator, { title: "Ground station sharing", closesAt: later(g.clock.now(), 7 * DAY) }));
  return { g, shell: new RecordingSender("shell"), discord: new RecordingSender("discord"), poll };
}

function message(g: TestGroup, key: string) {
  const [row] = g.rows<{ id: number; status: string; attempts: number; lastError: string | null; nextAttemptAt: string }>(
    `SELECT id, status, attempts, lastError, nextAttemptAt FROM "OutboxMessage" WHERE idempotencyKey = ?`,
    key,
  );
  if (!row) throw new Error(`no message ${key}`);
  return { ...row, nextAttemptAt: new Date(row.nextAttemptAt) };
}

describe("delivering the outbox", { timeout: SLOW_MACHINE_MS }, () => {
  it("sends channel messages to the bound channels of their purpose, and agency messages to each representative's account on the platform", async () => {
    const { g, shell, discord, poll } = await twoPlatforms();
    must(await remindPoll(g.deps, g.operator, poll.id));
    const card = `poll:${poll.id}:opened`;
    const pending = g.rows(`SELECT id FROM "OutboxMessage" WHERE status = 'pending'`).length;
    expect(pending).toBe(4); // the card and one reminder per agency

    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(pending);

    expect(shell.posts(card)).toEqual(["#shell-announcements"]);
    expect(discord.posts(card)).toEqual(["#discord-announcements"]);
    const reminders = (sender: RecordingSender) => sender.calls.filter((c) => c.key.startsWith(`poll:${poll.id}:remind:`)).map((c) => c.to).sort();
    expect(reminders(shell)).toEqual(["@esa1", "@esa2", "@jaxa1", "@jaxa2", "@nasa1", "@nasa2"]);
    expect(reminders(discord)).toEqual(["@nasa2"]);
    expect(g.rows(`SELECT id FROM "OutboxMessage" WHERE status <> 'sent'`)).toEqual([]);
    const deliveries = g.rows<{ status: string; ref: string | null }>(`SELECT status, ref FROM "OutboxDelivery"`);
    expect(deliveries).toHaveLength(2 + 7);
    expect(deliveries.every((d) => d.status === "sent" && d.ref !== null)).toBe(true);

    // A vote redraws the card where it was posted, on each platform, with the reference the platform gave.
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: poll.id, stance: "concur" }));
    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(1);
    const cardRef = (sender: RecordingSender) => sender.calls.find((c) => c.action === "post" && c.key === card)!.ref;
    expect(shell.calls.filter((c) => c.action === "edit")).toEqual([{ action: "edit", key: expect.stringMatching(/:tally$/), to: "#shell-announcements", ref: cardRef(shell) }]);
    expect(discord.calls.filter((c) => c.action === "edit")).toEqual([{ action: "edit", key: expect.stringMatching(/:tally$/), to: "#discord-announcements", ref: cardRef(discord) }]);
  });

  it("never sends a message again once it is sent, however often and however late delivery runs", async () => {
    const { g, shell, discord } = await twoPlatforms();
    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(1);
    const calls = [shell.attempts, discord.attempts];
    for (const step of [0, HOUR, DAY]) {
      g.clock.advance(step);
      expect(await deliverOutbox(g.deps, [shell, discord])).toBe(0);
    }
    expect([shell.attempts, discord.attempts]).toEqual(calls);
  });

  it("leaves a message pending with its attempt and error when the platform fails, and parks it after the last attempt", async () => {
    const { g, shell, poll } = await twoPlatforms();
    const card = `poll:${poll.id}:opened`;
    shell.failure = () => new Error("socket hang up");

    expect(await deliverOutbox(g.deps, [shell])).toBe(0);
    const failed = message(g, card);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: "socket hang up" });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(g.clock.now().getTime());

    // Not retried before its time comes.
    expect(await deliverOutbox(g.deps, [shell])).toBe(0);
    expect(shell.attempts).toBe(1);

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      g.clock.set(message(g, card).nextAttemptAt);
      expect(await deliverOutbox(g.deps, [shell])).toBe(0);
      expect(message(g, card)).toMatchObject({ attempts: attempt, status: attempt < MAX_ATTEMPTS ? "pending" : "parked" });
    }
    expect(MAX_ATTEMPTS).toBe(8);
    expect(shell.attempts).toBe(8);

    // Parked: no more attempts, and the operator sees it with its error.
    g.clock.advance(DAY);
    await deliverOutbox(g.deps, [shell]);
    expect(shell.attempts).toBe(8);
    const parked = must(await listParked(g.deps, g.operator));
    expect(parked.map((m) => [m.idempotencyKey, m.lastError])).toEqual([[card, "socket hang up"]]);

    // Once the platform is back, a retry delivers it, once.
    shell.failure = null;
    must(await retryParked(g.deps, g.operator, parked[0]!.id));
    expect(await deliverOutbox(g.deps, [shell])).toBe(1);
    expect(shell.posts(card)).toEqual(["#shell-announcements"]);
    expect(message(g, card).status).toBe("sent");
  });

  it("does not post again where a message already went when another destination failed", async () => {
    const { g, shell, discord, poll } = await twoPlatforms();
    const card = `poll:${poll.id}:opened`;
    discord.failure = () => new DeliveryError("rate limited", 5_000);

    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(0);
    expect(shell.posts(card)).toEqual(["#shell-announcements"]);
    // The platform's Retry-After decides when to come back.
    expect(message(g, card)).toMatchObject({ status: "pending", attempts: 1, lastError: "rate limited" });
    expect(message(g, card).nextAttemptAt).toEqual(later(g.clock.now(), 5_000));

    discord.failure = null;
    g.clock.advance(4_999);
    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(0);
    g.clock.advance(1);
    expect(await deliverOutbox(g.deps, [shell, discord])).toBe(1);
    expect(shell.posts(card)).toEqual(["#shell-announcements"]);
    expect(discord.posts(card)).toEqual(["#discord-announcements"]);
    expect(message(g, card).status).toBe("sent");
  });

  it("parks at once what the platform says can never be delivered", async () => {
    const { g, shell, poll } = await twoPlatforms();
    shell.failure = () => new DeliveryError("Unknown Channel", undefined, true);
    await deliverOutbox(g.deps, [shell]);
    expect(message(g, `poll:${poll.id}:opened`)).toMatchObject({ status: "parked", attempts: 1, lastError: "Unknown Channel" });
  });
});
