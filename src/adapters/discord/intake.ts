// Interactions acknowledged before their command was recorded are held in the database until it has
// run (core/access/heldRequest.ts). A command not done within 1.5 s is deferred, and from then on its
// author counts on it; a replica SIGKILLed between the deferral and the commit lost 1 or 2 presses in
// 500 in the replica storm (test/integration/replicaStorm.test.ts) before this. Now the interaction is
// held before the deferral is sent, its claim is renewed while its command runs, and it is released
// once answered. Every replica looks now and then for held interactions whose claim ran out (their
// replica died) and runs them again, answering through the interaction's webhook, which Discord keeps
// for 15 minutes. The memory of applied requests (core/access/replay.ts) makes a run of a command that
// did commit apply nothing; the time the interaction was first received, which a run taken over
// keeps, makes one older than a position recorded meanwhile apply nothing either (castPosition).
import { randomUUID } from "node:crypto";
import type { APIInteraction } from "discord.js";
import type { Deps } from "../../core/deps.ts";
import type { Logger } from "../../infra/logger.ts";
import type { ReceivedInteraction } from "./incoming.ts";
import type { InteractionWebhooks } from "./webhooks.ts";

const PLATFORM = "discord";

export interface IntakeOptions {
  /** How long a claim lasts unrenewed: a dead replica's interactions are run again after this. */
  leaseMs: number;
  /** How often each replica looks for interactions whose claim ran out. */
  takeOverEveryMs: number;
}

/**
 * A dead replica's interactions are answered 10 to 12 s after its last renewal: long beside a command
 * (a few milliseconds; over 1 s only under a storm), short beside the 15 minutes Discord keeps an
 * interaction's webhook, and within the 20 s the replica storm's users wait for a confirmation.
 */
export const DEFAULT_INTAKE: IntakeOptions = { leaseMs: 10_000, takeOverEveryMs: 2_000 };

/** Discord takes an interaction's follow-ups for 15 minutes from its creation; one held longer cannot be answered. */
const ANSWERABLE_MS = 14 * 60_000;
// Times here are the machine's, not the group's clock: they measure Discord's windows, which run in real time.
/** At most this many taken over at once by one replica: a dead replica held one a command in flight, a few dozen at the most. */
const TAKE_AT_ONCE = 50;

export class DiscordIntake {
  readonly #worker = `intake:${randomUUID().slice(0, 8)}`;
  /** The interactions this process holds, renewed together. */
  readonly #held = new Set<string>();
  #renewal: NodeJS.Timeout | null = null;
  #looking: NodeJS.Timeout | null = null;
  #pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Deps,
    private readonly logger: Logger,
    private readonly webhooks: InteractionWebhooks,
    private readonly options: IntakeOptions = DEFAULT_INTAKE,
  ) {}

  /** Holds an interaction about to be deferred; throws if it could not be (then it must not be deferred). */
  async hold(data: APIInteraction, receivedAt: Date): Promise<void> {
    const until = this.#leaseFrom(new Date());
    const request = { platform: PLATFORM, requestId: data.id, payload: JSON.stringify(data), receivedAt };
    await this.deps.store.transaction((tx) => tx.heldRequests.hold(request, this.#worker, until));
    this.#keep(data.id);
  }

  /** The interaction has been answered (or never will be): it is held no more. A no-op for one not held here. */
  async release(interactionId: string): Promise<void> {
    if (!this.#held.delete(interactionId)) return;
    if (this.#held.size === 0) this.#stopRenewing();
    await this.deps.store.transaction((tx) => tx.heldRequests.release(PLATFORM, interactionId)).catch((error: unknown) => {
      // Left held, it is taken over after its lease and found applied already: a little work, nothing else.
      this.logger.warn({ err: error, interaction: interactionId }, "could not release a held interaction");
    });
  }

  /** Looks for interactions whose replica died, and hands each to `run` (the interaction handler). */
  start(run: (interaction: ReceivedInteraction) => Promise<void>): void {
    if (this.#looking) return;
    this.#looking = setInterval(() => {
      this.#pass = this.#pass.then(async () => void (await this.takeOver(run))).catch((error: unknown) => this.logger.warn({ err: error }, "could not look for held interactions"));
    }, this.options.takeOverEveryMs);
    this.#looking.unref();
  }

  /** Stops looking; the interactions held here stay held, so another replica runs them if this one stops before they are done. */
  async stop(): Promise<void> {
    if (this.#looking) clearInterval(this.#looking);
    this.#looking = null;
    await this.#pass;
  }

  /** One look: the interactions whose claim ran out, each run again if Discord took its acknowledgement. */
  async takeOver(run: (interaction: ReceivedInteraction) => Promise<void>): Promise<number> {
    const now = new Date();
    const taken = await this.deps.store.transaction(async (tx) => {
      const expired = await tx.heldRequests.forgetBefore(PLATFORM, new Date(now.getTime() - ANSWERABLE_MS));
      if (expired > 0) this.logger.warn({ count: expired }, "held interactions forgotten: too old for Discord to take an answer");
      return tx.heldRequests.takeOver(PLATFORM, now, this.#worker, this.#leaseFrom(now), TAKE_AT_ONCE);
    });
    const runs = taken.map(async (held) => {
      this.#keep(held.requestId);
      const data = JSON.parse(held.payload) as APIInteraction;
      const to = { applicationId: data.application_id, token: data.token };
      let acknowledged: boolean;
      try {
        acknowledged = await this.webhooks.acknowledged(to);
      } catch (error) {
        // Not known yet (Discord unreachable): left to run out again and be looked at later.
        this.#held.delete(held.requestId);
        this.logger.warn({ err: error, interaction: held.requestId }, "could not ask Discord whether a held interaction was acknowledged");
        return;
      }
      if (!acknowledged) {
        // Its replica died after holding it and before Discord took the deferral: its author was told
        // the interaction failed, so it is not run behind their back.
        this.logger.info({ interaction: held.requestId }, "a held interaction was never acknowledged; not run");
        await this.release(held.requestId);
        return;
      }
      this.logger.info({ interaction: held.requestId, attempt: held.attempts }, "running an interaction whose replica stopped before it was done");
      await run({
        data,
        heldSince: held.receivedAt,
        respondsWithFiles: false,
        respond: () => Promise.reject(new Error("this interaction was acknowledged by an earlier run; it is answered through its webhook")),
      });
      await this.release(held.requestId);
    });
    await Promise.allSettled(runs);
    return taken.length;
  }

  #leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.options.leaseMs);
  }

  #keep(interactionId: string): void {
    this.#held.add(interactionId);
    this.#renewal ??= setInterval(() => void this.#renew(), this.options.leaseMs / 3);
    this.#renewal.unref();
  }

  #stopRenewing(): void {
    if (this.#renewal) clearInterval(this.#renewal);
    this.#renewal = null;
  }

  async #renew(): Promise<void> {
    const ids = [...this.#held];
    const until = this.#leaseFrom(new Date());
    await this.deps.store.transaction((tx) => tx.heldRequests.renew(PLATFORM, ids, this.#worker, until)).catch((error: unknown) => {
      this.logger.warn({ err: error, count: ids.length }, "could not renew the claims on held interactions");
    });
  }
}
