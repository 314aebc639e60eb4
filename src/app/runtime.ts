// The long-running side of the bot, the same for the shell and the chat platforms: a tick that runs
// due jobs and delivers the outbox through every adapter's sender, and a nudge after each command so
// that its messages go out at once rather than at the tick. What ticks is given by the composition
// root (src/compose/scheduledRuntime.ts wires node-cron), so this file imports no cron library.
import type { Deps } from "../core/deps.ts";
import { deliverOutbox } from "../core/outbox/deliverOutbox.ts";
import type { Sender } from "../core/outbox/message.ts";
import { nextDueAt, runDueJobs } from "../core/scheduler/runDueJobs.ts";
import type { Logger } from "../infra/logger.ts";

/** Calls `tick` on a schedule until stopped; a failing tick is reported to `onError`. */
export type StartTicker = (tick: () => Promise<unknown>, onError: (error: unknown) => void) => { stop(): void };

export interface RuntimeOptions {
  /** Who claims the jobs, in the job rows (a process id, "shell"). */
  worker: string;
  /**
   * What makes the runtime look for due work by itself. Null: it never does (no tick, no timer for the
   * next job); passes run only at start and on nudge() and runDue(), as a script on a simulated clock wants.
   */
  ticker: StartTicker | null;
}

export interface Runtime {
  /** Delivers what is queued now (after a command), without waiting for the next tick. */
  nudge(): Promise<void>;
  /** Runs what is due now, then delivers: the tick's pass, on demand (the shell's :advance). */
  runDue(): Promise<void>;
  /**
   * Runs `work` between passes, never during one, so that what it prints cannot interleave with a
   * delivery. `work` must not wait for nudge() or runDue(): those wait for it.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export function startRuntime(deps: Deps, senders: Sender[], logger: Logger, options: RuntimeOptions): Runtime {
  let running: Promise<void> = Promise.resolve();
  let wake: NodeJS.Timeout | undefined;
  let stopped = false;
  // The tick looks once a second; a job due before the next tick gets a timer of its own, so that
  // it fires on time rather than up to a second late.
  const wakeForNextJob = async () => {
    if (!options.ticker) return;
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
        if (next.withJobs) await runDueJobs(deps, options.worker).catch((error: unknown) => logger.error({ err: error }, "scheduled jobs failed"));
        await deliverOutbox(deps, senders);
        await wakeForNextJob();
      })
      .catch((error: unknown) => logger.error({ err: error }, "scheduler pass failed"));
    waiting = next;
    running = next.done;
    return next.done;
  };
  const ticker = options.ticker?.(() => pass(true), (error) => logger.error({ err: error }, "tick failed")) ?? null;
  void pass(true);
  return {
    nudge: () => pass(false),
    runDue: () => pass(true),
    exclusive: <T>(work: () => Promise<T>): Promise<T> => {
      const result = running.then(work);
      running = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    stop: async () => {
      stopped = true;
      ticker?.stop();
      clearTimeout(wake);
      await running;
    },
  };
}
