// The database work of Slack commands, one piece at a time. With SQLite the driver is synchronous, so a
// burst of commands run side by side would chain their queries as microtasks and starve the event loop:
// Slack's requests would wait, unacknowledged, behind them. Running one command at a time, each after
// the event loop has had a turn, keeps acknowledgements flowing (Slack wants them within 3 s) and costs
// no throughput, since SQLite writes one transaction at a time anyway.

/** Lets pending I/O (Slack's requests, awaiting their acknowledgement) be served before going on. */
export const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(turnOfTheEventLoop).then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
