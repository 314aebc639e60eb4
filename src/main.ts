// Composition root: reads the configuration, builds the dependencies and starts what is configured.
// Without platform credentials it opens the local shell on the embedded database.
import { runShell } from "./adapters/shell/shell.ts";
import { parseShellOptions } from "./adapters/shell/shellOptions.ts";
import { platformFactories } from "./app/platforms.ts";
import { DatabaseConfigError } from "./infra/db/openDatabase.ts";
import { createLogger } from "./infra/logger.ts";

const fail = (lines: string[], code = 2) => {
  process.stderr.write(lines.join("\n") + "\n");
  return code;
};

/** With any platform's credentials set, the bot runs on the platforms (src/app/platformMode.ts). */
async function runPlatforms(): Promise<number | null> {
  const wanted = platformFactories.filter((f) => f.configured(process.env));
  if (wanted.length === 0) return null;
  const { runPlatforms: run } = await import("./app/platformMode.ts");
  return run(wanted);
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

const platformExit = await runPlatforms();
if (platformExit !== null) {
  // A platform library may keep a timer or a socket alive after its connection closed; everything of
  // ours is closed and logged by now (pino writes synchronously), so leave with the code.
  process.exit(platformExit);
}
process.exitCode = await runLocalShell();
