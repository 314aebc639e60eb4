// Composition root: reads the configuration, builds the dependencies and starts what is configured.
// Without platform credentials it opens the local shell on the embedded database.
import { runShell } from "./adapters/shell/shell.ts";
import { parseShellOptions } from "./adapters/shell/shellOptions.ts";
import { bootstrapGroup } from "./app/bootstrapGroup.ts";
import type { PlatformAdapter, PlatformServices } from "./app/platform.ts";
import { platformFactories } from "./app/platforms.ts";
import { startRuntime, type Runtime } from "./app/runtime.ts";
import { systemClock } from "./core/shared/clock.ts";
import { readConfig } from "./infra/config.ts";
import { DatabaseConfigError, openDatabase } from "./infra/db/openDatabase.ts";
import { createLogger } from "./infra/logger.ts";

const fail = (lines: string[], code = 2) => {
  process.stderr.write(lines.join("\n") + "\n");
  return code;
};

async function runPlatforms(): Promise<number | null> {
  const wanted = platformFactories.filter((f) => f.configured(process.env));
  if (wanted.length === 0) return null;
  const config = readConfig(process.env);
  if (!config.ok) return fail(["The configuration is not valid:", ...config.errors.map((e) => `  ${e}`)]);
  const logger = createLogger(config.value.LOG_LEVEL);
  const db = await openDatabase(config.value.DATABASE_URL, { synchronous: config.value.SQLITE_SYNCHRONOUS });
  const deps = { store: db.store, clock: systemClock };
  const group = await bootstrapGroup(deps, config.value.BOT_OPERATORS);
  let runtime: Runtime | null = null;
  const services: PlatformServices = { deps, group, logger, nudge: () => runtime?.nudge() ?? Promise.resolve() };

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
  runtime = startRuntime(deps, adapters.map((a) => a.sender), logger, `${process.pid}`);
  for (const adapter of adapters) await adapter.start();
  logger.info({ platforms: adapters.map((a) => a.name), database: db.description }, "bot started");

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  for (const adapter of adapters) await adapter.stop();
  await runtime.stop();
  await db.close();
  return 0;
}

async function runLocalShell(): Promise<number> {
  const options = parseShellOptions(process.argv.slice(2), process.env);
  if (!options.ok) return fail([options.error]);
  const interactive = Boolean(process.stdin.isTTY);
  try {
    await runShell(options.value, {
      input: process.stdin,
      write: (line) => process.stdout.write(line + "\n"),
      prompt: interactive ? (text) => process.stdout.write(text) : undefined,
      logger: createLogger(process.env["LOG_LEVEL"] ?? "warn"),
    });
  } catch (error) {
    if (error instanceof DatabaseConfigError) return fail([error.message]);
    throw error;
  }
  return 0;
}

process.exitCode = (await runPlatforms()) ?? (await runLocalShell());
