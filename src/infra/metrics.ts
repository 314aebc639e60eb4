// Prometheus metrics, with prom-client. One registry per process (not prom-client's global one, so
// that tests can build several). Labels stay low-cardinality: platform, command name (from the
// catalogue), outcome and stance; never a user, poll or group id.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** ok; refused by a rule; error: failed on our side; invalid: refused by the parser, before any rule. */
export type Outcome = "ok" | "refused" | "error" | "invalid";

/** What the scrape reads from the database, at the moment of the scrape. */
export interface QueueCounts {
  outboxBacklog: number;
  outboxParked: number;
  jobsDue: number;
}

export interface Metrics {
  readonly registry: Registry;
  commandDone(platform: string, command: string, outcome: Outcome, seconds: number): void;
  acknowledged(platform: string, seconds: number): void;
  positionCast(platform: string, stance: string): void;
  transaction(seconds: number): void;
  jobRan(latenessSeconds: number): void;
  /** Reads the queue gauges at scrape time. */
  countQueuesWith(read: () => Promise<QueueCounts>): void;
  text(): Promise<string>;
}

// Slack and Discord want an answer within 3 s: the buckets are dense below that.
const RESPONSE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
// A vote's transaction takes about 1 ms here (npm run bench); a storm queues them.
const TRANSACTION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
// Up to a second is the ticker; hours and days are downtime being caught up.
const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 60, 300, 3600, 86400];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const commands = new Counter({ name: "bot_commands_total", help: "Commands run, by platform, command and outcome (ok, refused, error, invalid: refused by the parser).", labelNames: ["platform", "command", "outcome"], registers: [registry] });
  const positions = new Counter({ name: "bot_positions_cast_total", help: "Positions cast on polls, by platform and stance.", labelNames: ["platform", "stance"], registers: [registry] });
  const ack = new Histogram({ name: "bot_acknowledgement_seconds", help: "From receiving an interaction to acknowledging it, by platform.", labelNames: ["platform"], buckets: RESPONSE_BUCKETS, registers: [registry] });
  const command = new Histogram({ name: "bot_command_seconds", help: "From receiving a command to its answer being ready, by platform.", labelNames: ["platform"], buckets: RESPONSE_BUCKETS, registers: [registry] });
  const transactions = new Histogram({ name: "bot_db_transaction_seconds", help: "Database transactions, waiting for the connection included.", buckets: TRANSACTION_BUCKETS, registers: [registry] });
  const lateness = new Histogram({ name: "bot_job_lateness_seconds", help: "How long after its due time a scheduled job ran.", buckets: LATENESS_BUCKETS, registers: [registry] });
  let read: (() => Promise<QueueCounts>) | null = null;
  // One database read per scrape serves the three gauges.
  let reading: Promise<QueueCounts | null> | null = null;
  const counts = () =>
    (reading ??= (read ? read() : Promise.resolve(null)).catch(() => null).finally(() => setImmediate(() => (reading = null))));
  const gauge = (name: string, help: string, pick: (c: QueueCounts) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const c = await counts();
        // A database that cannot be read shows as a missing sample rather than a false zero.
        if (c) this.set(pick(c));
        else this.reset();
      },
    });
  gauge("bot_outbox_backlog", "Outbox messages waiting to be delivered.", (c) => c.outboxBacklog);
  gauge("bot_outbox_parked", "Outbox messages given up on, waiting for /outbox retry.", (c) => c.outboxParked);
  gauge("bot_jobs_due", "Scheduled jobs due now and not yet run.", (c) => c.jobsDue);
  return {
    registry,
    commandDone: (platform, name, outcome, seconds) => {
      commands.inc({ platform, command: name, outcome });
      command.observe({ platform }, seconds);
    },
    acknowledged: (platform, seconds) => ack.observe({ platform }, seconds),
    positionCast: (platform, stance) => positions.inc({ platform, stance }),
    transaction: (seconds) => transactions.observe(seconds),
    jobRan: (seconds) => lateness.observe(Math.max(0, seconds)),
    countQueuesWith: (reader) => void (read = reader),
    text: () => registry.metrics(),
  };
}

/** Seconds since `start` (a performance.now() reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
