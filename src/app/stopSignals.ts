// SIGTERM or SIGINT starts a graceful stop; a second one while it runs exits at once. Either way
// nothing acknowledged is lost: what the outbox and the jobs still hold is in the database, and goes
// out at the next start.
export function firstStopSignal(onSecond: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) return onSecond(signal);
      received = true;
      resolve(signal);
    };
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
  });
}

/** Resolves with the work's outcome, or with "timed out" after `ms` (the work goes on, unwatched). */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<"timed out">((resolve) => (timer = setTimeout(resolve, ms, "timed out")))]);
  } finally {
    clearTimeout(timer);
  }
}
