// The composition root, the only one: it reads the configuration, and src/compose/ (its parts) opens
// the database, builds the dependencies, starts the one runtime and the adapters on it. With platform
// credentials set it runs the chat platforms (compose/platformMode.ts); without, the local shell
// (compose/shellMode.ts), on the embedded database unless --db or DATABASE_URL names another.
import { homedir } from "node:os";
import { join } from "node:path";
import { parseShellOptions, SHELL_HELP } from "./adapters/shell/shellOptions.ts";
import { pipedConsole, terminalConsole } from "./adapters/shell/console.ts";
import { colourStyle, plainStyle, wantsColour } from "./adapters/shell/style.ts";
import { platformFactories } from "./compose/platforms.ts";
import { runShellMode } from "./compose/shellMode.ts";
import { DatabaseConfigError } from "./infra/db/openDatabase.ts";
import { createLogger } from "./infra/logger.ts";

/** Exit codes, as the README lists them. */
const EXIT = { ok: 0, unexpected: 1, usage: 2, outputClosed: 141 } as const;

const fail = (lines: string[], code: number = EXIT.usage) => {
  process.stderr.write(lines.join("\n") + "\n");
  return code;
};

/** With any platform's credentials set, the bot runs on the platforms (src/compose/platformMode.ts). */
async function runPlatforms(): Promise<number | null> {
  const wanted = platformFactories.filter((f) => f.configured(process.env));
  if (wanted.length === 0) return null;
  // Loaded only here: the shell's start stays free of the HTTP server, metrics and platform code.
  const { runPlatforms: run } = await import("./compose/platformMode.ts");
  return run(wanted);
}

/** Where the interactive shell keeps its history: CONSENSUS_SHELL_HISTORY, or ~/.consensus-bot_history ("" keeps none). */
function historyFile(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env["CONSENSUS_SHELL_HISTORY"];
  if (chosen !== undefined) return chosen || undefined;
  return join(homedir(), ".consensus-bot_history");
}

async function runLocalShell(): Promise<number> {
  const options = parseShellOptions(process.argv.slice(2), process.env);
  if (!options.ok) return fail([options.error]);
  if (options.value.help) {
    process.stdout.write(SHELL_HELP + "\n");
    return EXIT.ok;
  }
  const streams = { input: process.stdin, output: process.stdout, errors: process.stderr };
  const atTerminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const shellConsole = atTerminal
    ? terminalConsole(streams, wantsColour(process.stdout, process.env) && !options.value.json ? colourStyle : plainStyle, historyFile(process.env))
    : pipedConsole(streams, { prompt: Boolean(process.stdin.isTTY) });
  // `npm start | head`: once the reader has gone, stop quietly instead of dying on EPIPE.
  const outputClosed = new AbortController();
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (!outputClosed.signal.aborted) outputClosed.abort(error);
  });
  try {
    await runShellMode(options.value, { console: shellConsole, logger: createLogger(process.env["LOG_LEVEL"] ?? "warn"), stop: outputClosed.signal });
  } catch (error) {
    if (!outputClosed.signal.aborted) throw error;
  }
  if (outputClosed.signal.aborted) {
    const error = outputClosed.signal.reason as NodeJS.ErrnoException;
    const why = error.code === "EPIPE" ? "the output was closed before the end" : `the output failed (${error.code ?? error.message})`;
    return fail([`The shell stopped: ${why}; the lines after it were not run.`], EXIT.outputClosed);
  }
  return EXIT.ok;
}

/**
 * Whatever else stops the start or the run ends in one line on stderr and an exit code, never a
 * stack trace (LOG_LEVEL=debug shows it, for a bug report).
 */
function stopped(error: unknown): number {
  if (error instanceof DatabaseConfigError) return fail([error.message], EXIT.usage);
  if (process.env["LOG_LEVEL"] === "debug" || process.env["LOG_LEVEL"] === "trace") process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  const message = error instanceof Error ? error.message : String(error);
  return fail([`The bot stopped on an unexpected error: ${message.split("\n")[0]} (LOG_LEVEL=debug shows where).`], EXIT.unexpected);
}

try {
  const platformExit = await runPlatforms();
  if (platformExit !== null) {
    // A platform library may keep a timer or a socket alive after its connection closed; everything of
    // ours is closed and logged by now (pino writes synchronously), so leave with the code.
    process.exit(platformExit);
  }
  process.exitCode = await runLocalShell();
} catch (error) {
  process.exitCode = stopped(error);
}
