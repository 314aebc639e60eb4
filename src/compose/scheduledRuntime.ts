// The ticker wiring: the runtime (src/app/runtime.ts) on node-cron's tick. Beside main.ts because
// choosing a cron library is the composition root's business, not the application's.
import { startRuntime, type Runtime } from "../app/runtime.ts";
import type { Deps } from "../core/deps.ts";
import type { Sender } from "../core/outbox/message.ts";
import { startTicker } from "../infra/cron/ticker.ts";
import type { Logger } from "../infra/logger.ts";

/** Every second by default: the tick only says "look now"; what is due is in the database. */
export const EVERY_SECOND = "* * * * * *";

/**
 * The runtime every adapter shares: `tickExpression` null ticks never (the shell on a simulated clock,
 * or reading a script), so passes run at start and when an adapter asks.
 */
export function startScheduledRuntime(deps: Deps, senders: Sender[], logger: Logger, worker: string, tickExpression: string | null = EVERY_SECOND): Runtime {
  const ticker = tickExpression === null ? null : (tick: () => Promise<unknown>, onError: (error: unknown) => void) => startTicker(tick, onError, tickExpression);
  return startRuntime(deps, senders, logger, { worker, ticker });
}
