// The real `npm start` process (node --import tsx src/main.ts), for tests that run the bot as an
// operator would: its environment, a free port, its output, its exit.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import { REPO_ROOT } from "./shell.ts";

/** The environment without any platform credentials or database of the developer's own. */
export function baseEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(SLACK_|DISCORD_|BACKUP_)/.test(name) || ["DATABASE_URL", "PORT", "PUBLIC_URL", "SHUTDOWN_TIMEOUT_SECONDS", "LOG_LEVEL"].includes(name)) delete env[name];
  }
  return env;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** On the platforms, the logs: one JSON line per event. */
  stdout(): string;
  exited: Promise<number | null>;
}

/** Starts the bot; `cleanups` gets a SIGKILL for it should the test end first. */
export function startMain(env: NodeJS.ProcessEnv, cleanups: (() => Promise<void> | void)[], args: string[] = ["src/main.ts"]): MainProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}
