// Drives the real `npm start` shell as a user's script would: the lines go to stdin, stdin closes,
// the shell finishes the script and exits. Nothing in between is simulated.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One bot message as the shell prints it with --json. */
export interface ShellMessage {
  to: string;
  visibility: "ephemeral" | "channel" | "dm";
  text: string;
  data: Record<string, unknown>;
}

export interface ShellRun {
  /** The stdout lines that are JSON objects, in order (empty without --json). */
  messages: ShellMessage[];
  stdout: string;
  stderr: string;
  /** null when the process was killed by a signal (for instance at the timeout). */
  exitCode: number | null;
}

export interface ShellRunOptions {
  /** Pass --silent to npm (the default), so that stdout carries only what the shell prints. */
  silent?: boolean;
  /** The process is killed after this long; a script that hangs then fails instead of stalling the suite. */
  timeoutMs?: number;
}

/**
 * Runs `npm start [--silent] -- FLAGS [--db dbPath]` in the repository with `lines` as its stdin.
 * Platform credentials and DATABASE_URL are removed from the environment, so the shell (and only the
 * database given here) is what runs even on a developer's machine with a configured bot.
 */
export function runShellScript(lines: string[], flags: string[], dbPath?: string, options: ShellRunOptions = {}): Promise<ShellRun> {
  const { silent = true, timeoutMs = 60_000 } = options;
  const args = ["start", ...(silent ? ["--silent"] : []), "--", ...flags, ...(dbPath ? ["--db", dbPath] : [])];
  const child = spawn("npm", args, {
    cwd: REPO_ROOT,
    env: shellEnvironment(process.env),
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, so that a timeout ends npm and the node process it started together.
    detached: true,
  });

  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // A process that refuses its flags exits before reading stdin; writing to it then is not an error of the test.
  child.stdin.on("error", () => undefined);
  child.stdin.end(lines.length ? lines.join("\n") + "\n" : "");

  return new Promise<ShellRun>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`npm ${args.join(" ")} did not finish within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        return;
      }
      resolve({ messages: parseMessages(stdout), stdout, stderr, exitCode: code });
    });
  });
}

function parseMessages(stdout: string): ShellMessage[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      try {
        return JSON.parse(line) as ShellMessage;
      } catch {
        throw new Error(`The shell printed a line that looks like JSON but is not: ${line}`);
      }
    });
}

export function shellEnvironment(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(source)) {
    if (/^(DISCORD|SLACK)_/.test(name) || name === "DATABASE_URL" || name === "LOG_LEVEL" || name === "NODE_OPTIONS") continue;
    env[name] = value;
  }
  return env;
}

/** Text that betrays a crash rather than a refusal: an exception's name or the frames of a stack trace. */
export const STACK_TRACE = /\bError:|^\s*at\s+\S+.*(\(|:\d+:\d+)|node:internal|\.ts:\d+:\d+/m;
