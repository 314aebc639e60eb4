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
  const task = cron.schedule(
    expression,
    async () => {
      if (busy) return;
      busy = true;
      try {
        await work();
      } catch (error) {
        onError(error);
      } finally {
        busy = false;
      }
    },
    // A missed second is harmless here (the next tick finds the same due work), and node-cron's
    // warning for it would land in the middle of the shell's prompt on a busy machine.
    { suppressMissedWarning: true },
  );
  return { stop: () => void task.destroy() };
}
