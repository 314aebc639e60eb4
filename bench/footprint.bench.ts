// How long the bot takes to start and how much memory it holds while idle, in each platform mode,
// beside a bare Node process measured in the same run. Each process is the node that `npm start` runs
// (its node options and scripts/start.mjs, read from package.json, on the compiled dist/), not npm
// itself, so /proc/<pid>/status is the bot's own. The last row runs Discord + Slack as the bot ran
// before (node --import tsx src/main.ts, V8's defaults), to show what the start command saves.
//   npm run bench:footprint      (RUNS=5 for more runs, IDLE_MS=3000 for the idle wait)
// Target (issue 13): idle RSS under 150 MB with Discord and Slack together.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeDiscord } from "../test/fakes/discord/index.ts";
import { startFakeSlack } from "../test/fakes/slack/index.ts";
import { BOT_TOKEN, SIGNING_SECRET } from "../test/adapters/slackHarness.ts";
import { baseEnvironment, freePort } from "../test/support/mainProcess.ts";
import { REPO_ROOT } from "../test/support/shell.ts";
import { staleness } from "../scripts/buildState.mjs";

const RUNS = Number(process.env["RUNS"] ?? 3);
const IDLE_MS = Number(process.env["IDLE_MS"] ?? 3000);
const READY_TIMEOUT_MS = 60_000;
const TARGET_MB = 150;

/** `npm start`'s node arguments: the script is `node <options> scripts/start.mjs`. */
function startArguments(): string[] {
  const script: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts.start;
  const words = script.split(/\s+/);
  if (words[0] !== "node") throw new Error(`npm start is no longer \`node …\` (${script}); adapt bench/footprint.bench.ts`);
  return words.slice(1);
}
const START = startArguments();
const BEFORE = ["--import", "tsx", "src/main.ts"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const children = new Set<ChildProcess>();
function killAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb[1]) / 1024;
}

/** Ready: for the platforms /readyz answers 200; for the shell and the baseline, their first output. */
type Readiness = { kind: "http"; port: number } | { kind: "output"; text: string };

interface Mode {
  name: string;
  /** Sets up what the process needs (fakes, a temp directory) and says how to start it. */
  prepare(): Promise<{ args: string[]; env: NodeJS.ProcessEnv; ready: Readiness; done(): Promise<void> }>;
}

async function measure(mode: Mode): Promise<{ startMs: number; rss: number }> {
  const { args, env, ready, done } = await mode.prepare();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${mode.name} exited before it was ready:\n${output}`);
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw new Error(`${mode.name} was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
      if (ready.kind === "output" ? output.includes(ready.text) : await answers(ready.port)) break;
      await sleep(ready.kind === "output" ? 5 : 20);
    }
    const startMs = performance.now() - t0;
    await sleep(IDLE_MS);
    if (child.exitCode !== null) throw new Error(`${mode.name} exited while idle:\n${output}`);
    const rss = rssMb(child.pid!);
    return { startMs, rss };
  } finally {
    child.kill("SIGKILL");
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
    children.delete(child);
    await done();
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "footprint-bench-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function discordAndSlack(name: string, args: string[]): Mode {
  return {
    name,
    prepare: async () => {
      const { dir, remove } = tempDir();
      const slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: "C0GENERAL01", name: "general" }] });
      const discord = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
      const port = await freePort();
      const env = {
        ...baseEnvironment(),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: discord.guild.id,
        DISCORD_API_URL: discord.apiUrl,
        PORT: String(port),
        DATABASE_URL: join(dir, "bot.db"),
      };
      return { args, env, ready: { kind: "http", port }, done: async () => (await slack.close(), await discord.close(), remove()) };
    },
  };
}

const modes: Mode[] = [
  {
    name: "bare node (baseline)",
    prepare: async () => ({
      args: ["-e", "console.log('up'); setInterval(() => {}, 1000)"],
      env: baseEnvironment(),
      ready: { kind: "output", text: "up" },
      done: async () => {},
    }),
  },
  {
    // The TypeScript loader alone: npm start runs src/main.ts through tsx, whose hooks run on a
    // loader thread of their own, so part of every row below is this and not the bot.
    name: "node --import tsx",
    prepare: async () => ({
      args: ["--import", "tsx", "-e", "console.log('up'); setInterval(() => {}, 1000)"],
      env: baseEnvironment(),
      ready: { kind: "output", text: "up" },
      done: async () => {},
    }),
  },
  {
    name: "shell (SQLite)",
    prepare: async () => {
      const { dir, remove } = tempDir();
      // stdin stays open (a pipe nobody writes to), so the shell waits for a command.
      return { args: [...START, "--db", join(dir, "bot.db")], env: baseEnvironment(), ready: { kind: "output", text: "/help lists the commands" }, done: async () => remove() };
    },
  },
  {
    name: "Slack only (HTTP mode)",
    prepare: async () => {
      const { dir, remove } = tempDir();
      const slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: "C0GENERAL01", name: "general" }] });
      const port = await freePort();
      const env = { ...baseEnvironment(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port), DATABASE_URL: join(dir, "bot.db") };
      return { args: START, env, ready: { kind: "http", port }, done: async () => (await slack.close(), remove()) };
    },
  },
  discordAndSlack("Discord + Slack", START),
  discordAndSlack("Discord + Slack, before", BEFORE),
];

// npm start falls back to tsx when dist/ is not the build of the sources; measure the build.
const stale = staleness();
if (stale !== null) {
  console.log(`Building dist/ first (${stale}).`);
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

try {
  console.log(`npm start runs: node ${START.join(" ")}`);
  console.log(`Footprint: ${RUNS} runs per mode, RSS read from /proc/<pid>/status after ${IDLE_MS} ms idle; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const rows: { name: string; startMs: number; rss: number; rssRange: string }[] = [];
  for (const mode of modes) {
    const runs: { startMs: number; rss: number }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(mode));
    const rssAll = runs.map((r) => r.rss);
    rows.push({ name: mode.name, startMs: median(runs.map((r) => r.startMs)), rss: median(rssAll), rssRange: `${Math.min(...rssAll).toFixed(0)}–${Math.max(...rssAll).toFixed(0)}` });
  }
  const baseline = rows[0]!;
  console.log("");
  console.log(`${"mode".padEnd(24)} ${"start (median)".padStart(15)} ${"idle RSS (median)".padStart(18)} ${"range".padStart(9)} ${"over baseline".padStart(14)}`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(24)} ${`${row.startMs.toFixed(0)} ms`.padStart(15)} ${`${row.rss.toFixed(1)} MB`.padStart(18)} ${row.rssRange.padStart(9)} ${`+${(row.rss - baseline.rss).toFixed(1)} MB`.padStart(14)}`);
  }
  const both = rows.find((r) => r.name === "Discord + Slack")!;
  console.log("");
  console.log(`Target: idle RSS under ${TARGET_MB} MB with both platforms: ${both.rss.toFixed(1)} MB, ${both.rss < TARGET_MB ? "met" : "NOT met"}.`);
} finally {
  killAll();
}
process.exit(0);
