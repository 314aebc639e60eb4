// Composition root: reads the configuration, builds the dependencies and starts what is configured.
// Without platform credentials it opens the local shell on the embedded database.
import { runShell } from "./adapters/shell/shell.ts";
import { parseShellOptions } from "./adapters/shell/shellOptions.ts";
import { DatabaseConfigError } from "./infra/db/openDatabase.ts";
import { createLogger } from "./infra/logger.ts";

async function main(): Promise<number> {
  const logger = createLogger();
  const options = parseShellOptions(process.argv.slice(2), process.env);
  if (!options.ok) {
    process.stderr.write(options.error + "\n");
    return 2;
  }
  const interactive = Boolean(process.stdin.isTTY);
  try {
    await runShell(options.value, {
      input: process.stdin,
      write: (line) => process.stdout.write(line + "\n"),
      prompt: interactive ? (text) => process.stdout.write(text) : undefined,
      logger,
    });
  } catch (error) {
    if (error instanceof DatabaseConfigError) {
      process.stderr.write(error.message + "\n");
      return 2;
    }
    throw error;
  }
  return 0;
}

process.exitCode = await main();
