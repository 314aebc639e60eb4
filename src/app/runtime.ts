// The long-running side of the bot on chat platforms: a tick that runs due jobs and delivers the
// outbox, and a nudge after each command so that its messages go out at once rather than at the tick.
import type { Deps } from "../core/deps.ts";
import { deliverOutbox } from "../core/outbox/deliverOutbox.ts";
import type { Sender } from "../core/outbox/message.ts";
import { nextDueAt, runDueJobs } from "../core/scheduler/runDueJobs.ts";
import { startTicker } from "../infra/cron/ticker.ts";
import type { Logger } from "../infra/logger.ts";

export interface Runtime {
  /** Delivers what is queued now (after a command), without waiting for the next tick. */
  nudge(): Promise<void>;
  stop(): Promise<void>;
}

export function startRuntime(deps: Deps, senders: Sender[], logger: Logger, worker: string, tickExpression = "* * * * * *"): Runtime {
  let running: Promise<void> = Promise.resolve();
  let wake: NodeJS.Timeout | undefined;
  let stopped = false;
  // The tick looks once a second; a job due before the next tick gets a timer of its own, so that
  // it fires on time rather than up to a second late.
  const wakeForNextJob = async () => {
    const next = await nextDueAt(deps);
    const delay = next ? next.getTime() - deps.clock.now().getTime() : Infinity;
    if (delay < 1000 && !stopped) {
      clearTimeout(wake);
      wake = setTimeout(() => void pass(true), Math.max(0, delay));
    }
  };
  // One pass at a time, and at most one waiting behind it, which every nudge arriving meanwhile shares:
  // it starts after the running pass and so picks up what that one missed. A storm of a thousand
  // commands then costs a few passes over the outbox, not a thousand.
  let waiting: { withJobs: boolean; done: Promise<void> } | null = null;
  const pass = (withJobs: boolean): Promise<void> => {
    if (waiting) {
      waiting.withJobs ||= withJobs;
      return waiting.done;
    }
    const next = { withJobs, done: Promise.resolve() };
    next.done = running
      .then(async () => {
        waiting = null;
        // A failing job must not keep the outbox, or the nudges sharing this pass, from being delivered.
        if (next.withJobs) await runDueJobs(deps, worker).catch((error: unknown) => logger.error({ err: error }, "scheduled jobs failed"));
        await deliverOutbox(deps, senders);
        await wakeForNextJob();
      })
      .catch((error: unknown) => logger.error({ err: error }, "scheduler pass failed"));
    waiting = next;
    running = next.done;
    return next.done;
  };
  const ticker = startTicker(() => pass(true), (error) => logger.error({ err: error }, "tick failed"), tickExpression);
  void pass(true);
  return {
    nudge: () => pass(false),
    stop: async () => {
      stopped = true;
      ticker.stop();
      clearTimeout(wake);
      await running;
    },
  };
}
