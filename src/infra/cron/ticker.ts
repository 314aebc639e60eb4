// node-cron only says "now is a good time to look"; what is due lives in the database, so a missed
// or overlapping tick loses nothing.
import cron from "node-cron";

export interface Ticker {
  stop(): void;
}

export function startTicker(work: () => Promise<unknown>, onError: (error: unknown) => void, expression = "* * * * * *"): Ticker {
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await work();
      } catch (error) {
        onError(error);
      }
    },
    { noOverlap: true },
  );
  return { stop: () => void task.destroy() };
}
