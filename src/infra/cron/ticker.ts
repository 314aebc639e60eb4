// node-cron only says "now is a good time to look"; what is due lives in the database, so a missed
// or overlapping tick loses nothing.
import cron from "node-cron";

export interface Ticker {
  stop(): void;
}

export function startTicker(work: () => Promise<unknown>, onError: (error: unknown) => void, expression = "* * * * * *"): Ticker {
  // A tick that finds the previous one still running is skipped quietly (node-cron's own overlap
  // guard logs a warning on every skipped second).
  let busy = false;
  const task = cron.schedule(expression, async () => {
    if (busy) return;
    busy = true;
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      busy = false;
    }
  });
  return { stop: () => void task.destroy() };
}
