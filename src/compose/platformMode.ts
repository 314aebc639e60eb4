// The bot on chat platforms: one database, one runtime, every configured platform, and the HTTP
// routes an operator needs (health, readiness, metrics, calendar feeds). The composition root's half
// for the platforms, started by main.ts when any platform's credentials are set. Stops gracefully on SIGTERM or SIGINT (see stop below).
import { deliverOutbox } from "../core/outbox/deliverOutbox.ts";
import { systemClock } from "../core/shared/clock.ts";
import { readConfig, type Config } from "../infra/config.ts";
import { BackupPathError, checkWritableDirectory } from "../infra/db/backup.ts";
import { instrumentedStore } from "../infra/db/instrumentedStore.ts";
import { DatabaseConfigError, openDatabase, type OpenedDatabase } from "../infra/db/openDatabase.ts";
import { ListenError, startHttpServer, type RunningHttpServer } from "../infra/http/httpServer.ts";
import { HttpRoutes } from "../infra/http/routes.ts";
import { createLogger, type Logger } from "../infra/logger.ts";
import { createMetrics } from "../infra/metrics.ts";
import { scheduleBackups } from "../infra/cron/scheduledBackups.ts";
import { bootstrapGroup } from "../app/bootstrapGroup.ts";
import { observedSender } from "../app/observedSender.ts";
import { mountCalendarFeed } from "../app/calendarFeedRoute.ts";
import { mountOperationsRoutes } from "../app/operationsRoutes.ts";
import type { PlatformAdapter, PlatformFactory, PlatformServices } from "../app/platform.ts";
import type { Runtime } from "../app/runtime.ts";
import { firstStopSignal, within } from "../app/stopSignals.ts";
import { startScheduledRuntime } from "./scheduledRuntime.ts";

/** One clear line per problem, on stderr, and the exit code for a configuration error. */
const fail = (lines: string[], code = 2) => {
  process.stderr.write(lines.join("\n") + "\n");
  return code;
};

/** The backup directory, checked at start so that a bad one stops the bot now rather than at 03:00. */
function backupDirectory(config: Config): string | null {
  if (!config.BACKUP_DIR) return null;
  return checkWritableDirectory(config.BACKUP_DIR, "BACKUP_DIR");
}

export async function runPlatforms(wanted: PlatformFactory[]): Promise<number> {
  const config = readConfig(process.env);
  if (!config.ok) return fail(["The configuration is not valid:", ...config.errors.map((e) => `  ${e}`)]);
  const settings = config.value;
  const logger = createLogger(settings.LOG_LEVEL, "stdout");
  let backupDir: string | null;
  try {
    backupDir = backupDirectory(settings);
  } catch (error) {
    if (error instanceof BackupPathError) return fail([error.message]);
    throw error;
  }
  let db: OpenedDatabase;
  try {
    db = await openDatabase(settings.DATABASE_URL, { synchronous: settings.SQLITE_SYNCHRONOUS, setting: "DATABASE_URL" });
  } catch (error) {
    // PostgreSQL's lines name the setting already; SQLite's name the file.
    if (error instanceof DatabaseConfigError) return fail([error.message.startsWith("DATABASE_URL:") ? error.message : `DATABASE_URL: ${error.message}`]);
    throw error;
  }
  if (backupDir && !db.sqlitePath) {
    await db.close();
    return fail(["BACKUP_DIR: scheduled backups are for the embedded SQLite database; back a PostgreSQL database up with pg_dump (docs/deployment.md)."]);
  }
  const metrics = createMetrics();
  metrics.countQueuesWith(() => db.operations.counts(systemClock.now()));
  const deps = { store: instrumentedStore(db.store, metrics, () => systemClock.now()), clock: systemClock };
  await bootstrapGroup(deps, settings.BOT_OPERATORS);
  const http = new HttpRoutes();
  let runtime: Runtime | null = null;
  const services: PlatformServices = { deps, turns: db.turns, operators: settings.BOT_OPERATORS, logger, nudge: () => runtime?.nudge() ?? Promise.resolve(),
    metrics,
    http,
    ...(settings.PUBLIC_URL ? { publicUrl: settings.PUBLIC_URL } : {}),
  };

  const adapters: PlatformAdapter[] = [];
  const errors: string[] = [];
  for (const factory of wanted) {
    const made = await factory.create(process.env, services);
    if (made.ok) adapters.push(made.value);
    else errors.push(...made.errors.map((e) => `${factory.name}: ${e}`));
  }
  if (errors.length) {
    await db.close();
    return fail(["The platform configuration is not valid:", ...errors.map((e) => `  ${e}`)]);
  }

  let stopping = false;
  mountOperationsRoutes(http, { database: () => db.operations.probe(), platforms: () => adapters, stopping: () => stopping }, metrics);
  mountCalendarFeed(http, deps, logger);

  const senders = adapters.map((a) => observedSender(a.sender, logger));
  let server: RunningHttpServer | null = null;
  try {
    // Slack in HTTP mode carries the routes on its request URL's port; otherwise a server of our own does.
    if (!adapters.some((a) => a.hostsHttp)) server = await startHttpServer(settings.PORT, http, (error) => logger.error({ err: error }, "HTTP request failed"));
    runtime = startScheduledRuntime(deps, senders, logger, `${process.pid}`);
    for (const adapter of adapters) await adapter.start();
  } catch (error) {
    await runtime?.stop();
    await server?.close();
    for (const adapter of adapters) await adapter.stop().catch(() => undefined);
    await db.close();
    if (error instanceof ListenError) return fail([error.message]);
    return fail([error instanceof Error ? error.message : String(error)], 1);
  }
  const backups = backupDir && db.sqlitePath ? scheduleBackups(db.sqlitePath, { dir: backupDir, expression: settings.BACKUP_SCHEDULE, keep: settings.BACKUP_KEEP }, logger) : null;
  logger.info({ platforms: adapters.map((a) => a.name), database: db.description, port: server?.port ?? settings.PORT, backups: backupDir }, "bot started");

  const signal = await firstStopSignal((second) => {
    logger.warn({ signal: second }, "second stop signal: exiting now; the outbox and the jobs resume at the next start");
    process.exit(130);
  });
  stopping = true;
  logger.info({ signal }, "stopping: readiness is now false, new interactions are refused");
  await stop({ adapters, runtime, server, db, backups, senders, deps, logger, timeoutMs: settings.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
  return 0;
}

/**
 * The graceful stop, in order: no new interactions; every acknowledged one recorded and answered;
 * the scheduler's pass finished; the outbox delivered for as long as SHUTDOWN_TIMEOUT_SECONDS allows;
 * the platforms' connections and the HTTP server closed; the database closed.
 */
async function stop(parts: {
  adapters: PlatformAdapter[];
  runtime: Runtime;
  server: RunningHttpServer | null;
  db: OpenedDatabase;
  backups: { stop(): void } | null;
  senders: ReturnType<typeof observedSender>[];
  deps: PlatformServices["deps"];
  logger: Logger;
  timeoutMs: number;
}): Promise<void> {
  const { adapters, runtime, server, db, backups, senders, deps, logger, timeoutMs } = parts;
  const started = performance.now();
  for (const adapter of adapters) adapter.drain();
  await Promise.all(adapters.map((a) => a.settled()));
  backups?.stop();
  await runtime.stop();
  const left = Math.max(0, timeoutMs - (performance.now() - started));
  const delivered = await within(
    left,
    deliverOutbox(deps, senders).catch((error: unknown) => {
      logger.error({ err: error }, "outbox delivery at stop failed");
      return 0;
    }),
  );
  if (delivered === "timed out") logger.warn({ timeoutMs }, "the outbox was not emptied in time; the rest goes at the next start");
  for (const adapter of adapters) await adapter.stop().catch((error: unknown) => logger.warn({ err: error, platform: adapter.name }, "closing the platform failed"));
  await server?.close();
  await db.close();
  logger.info({ ms: Math.round(performance.now() - started), delivered }, "stopped");
}
