// Operating the real process (`npm start` in Slack HTTP mode against the fake Slack): health and
// readiness, Prometheus metrics, a graceful stop in the middle of a burst of commands, and the one
// clear line that bad settings get.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { baseEnvironment, freePort, startMain, type MainProcess } from "../support/mainProcess.ts";
import { parsePrometheusText } from "../support/prometheusText.ts";
import { BOT_TOKEN, GENERAL, PATIENCE_MS, SIGNING_SECRET, TEST_TIMEOUT_MS, U } from "./slackHarness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Bot {
  fake: FakeSlack;
  process: MainProcess;
  dir: string;
  dbPath: string;
  base: string;
  slash(command: string, text: string): ReturnType<FakeSlack["http"]["slashCommand"]>;
}

async function startBot(extra: NodeJS.ProcessEnv = {}): Promise<Bot> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: GENERAL, name: "general" }] });
  cleanups.push(() => fake.close());
  const dir = mkdtempSync(join(tmpdir(), "ops-main-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = extra["PORT"] ? Number(extra["PORT"]) : await freePort();
  const dbPath = join(dir, "bot.db");
  const process = startMain(
    {
      ...baseEnvironment(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_URL: dbPath,
      BOT_OPERATORS: `slack:${U.secretariat}`,
      LOG_LEVEL: "info",
      ...extra,
    },
    cleanups,
  );
  await fake.waitFor(() => process.stdout().includes('"bot started"') || process.child.exitCode !== null, 60_000);
  if (process.child.exitCode !== null) throw new Error(`the bot exited: ${process.stderr()}`);
  const base = `http://127.0.0.1:${port}`;
  const slash = (command: string, text: string) => fake.http.slashCommand(`${base}/slack/events`, { command, text, userId: U.secretariat, channelId: GENERAL }, { timeoutMs: PATIENCE_MS });
  return { fake, process, dir, dbPath, base, slash };
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
};

describe("operating npm start", { timeout: TEST_TIMEOUT_MS }, () => {
  it("answers /healthz and /readyz, turns unready while the database file is gone or replaced, and counts commands in /metrics", async () => {
    const bot = await startBot();
    expect(await get(`${bot.base}/healthz`)).toMatchObject({ status: 200, text: '{"status":"ok"}\n' });
    const ready = await get(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ready: true, database: "ok", platforms: { slack: "ready" }, stopping: false });

    const added = await bot.slash("/agency", 'add code:NASA name:"National Aeronautics and Space Administration"');
    expect(added.status).toBe(200);
    await bot.fake.waitFor(() => bot.fake.answers.find((p) => p.url === added.payload.response_url), PATIENCE_MS);
    const refused = await bot.slash("/agency", "add code:NASA name:Again");
    await bot.fake.waitFor(() => bot.fake.answers.find((p) => p.url === refused.payload.response_url), PATIENCE_MS);
    // Refused by the parser (no such action): counted under the command's name, never what was typed.
    const unparsed = await bot.slash("/agency", "frobnicate code:NASA");
    expect(unparsed.status).toBe(200);
    const unparsedAnswer = unparsed.body ? JSON.parse(unparsed.body).text : (await bot.fake.waitFor(() => bot.fake.answers.find((p) => p.url === unparsed.payload.response_url), PATIENCE_MS)).body.text;
    expect(String(unparsedAnswer)).toMatch(/frobnicate/);

    const metrics = await get(`${bot.base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain; version=0.0.4");
    const scrape = parsePrometheusText(metrics.text);
    expect(scrape.value("bot_commands_total", { platform: "slack", command: "agency add", outcome: "ok" })).toBe(1);
    expect(scrape.value("bot_commands_total", { platform: "slack", command: "agency add", outcome: "refused" })).toBe(1);
    expect(scrape.value("bot_commands_total", { platform: "slack", command: "agency", outcome: "invalid" })).toBe(1);
    expect(metrics.text).not.toContain("frobnicate");
    expect(scrape.value("bot_acknowledgement_seconds_count", { platform: "slack" })).toBe(3);
    expect(scrape.value("bot_command_seconds_count", { platform: "slack" })).toBe(3);
    expect(scrape.value("bot_db_transaction_seconds_count")).toBeGreaterThan(2);
    expect(scrape.value("bot_outbox_backlog")).toBeGreaterThanOrEqual(0);
    expect(scrape.value("bot_outbox_parked")).toBe(0);
    expect(scrape.value("bot_jobs_due")).toBeGreaterThanOrEqual(0);
    expect(scrape.value("process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(scrape.types.get("bot_job_lateness_seconds")).toBe("histogram");
    // No user, poll or group ids among the labels.
    const labelNames = new Set(scrape.samples.filter((s) => s.name.startsWith("bot_")).flatMap((s) => Object.keys(s.labels)));
    expect([...labelNames].sort()).toEqual(["command", "le", "outcome", "platform"]);

    // Root ignores file permissions, so the file is moved away rather than chmod-ed: the bot's open
    // connection would go on writing to it where no one will read it, which is just what readiness must catch.
    renameSync(bot.dbPath, `${bot.dbPath}.away`);
    const gone = await get(`${bot.base}/readyz`);
    expect(gone.status).toBe(503);
    expect(JSON.parse(gone.text)).toMatchObject({ ready: false, database: `the database file ${bot.dbPath} is missing` });
    expect((await get(`${bot.base}/healthz`)).status).toBe(200);
    renameSync(`${bot.dbPath}.away`, bot.dbPath);
    expect((await get(`${bot.base}/readyz`)).status).toBe(200);

    // A copy put in its place is another file: unready (a restart would open it).
    copyFileSync(bot.dbPath, `${bot.dbPath}.copy`);
    renameSync(bot.dbPath, `${bot.dbPath}.original`);
    renameSync(`${bot.dbPath}.copy`, bot.dbPath);
    expect(JSON.parse((await get(`${bot.base}/readyz`)).text).database).toContain("was replaced after the bot opened it");
    renameSync(`${bot.dbPath}.original`, bot.dbPath);
    // And a file that is not a database at all.
    renameSync(bot.dbPath, `${bot.dbPath}.original`);
    writeFileSync(bot.dbPath, "not a database");
    expect((await get(`${bot.base}/readyz`)).status).toBe(503);
    rmSync(bot.dbPath);
    renameSync(`${bot.dbPath}.original`, bot.dbPath);
    expect((await get(`${bot.base}/readyz`)).status).toBe(200);

    bot.process.child.kill("SIGTERM");
    expect(await bot.process.exited).toBe(0);
    for (const line of bot.process.stdout().trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
  });

  it("on SIGTERM in the middle of a burst of commands, records and answers every acknowledged one, then exits 0", async () => {
    const bot = await startBot();
    const codes = Array.from({ length: 60 }, (_, i) => `A${String(i).padStart(2, "0")}`);
    let acknowledgedSoFar = 0;
    const sent = codes.map((code) =>
      bot.slash("/agency", `add code:${code} name:"Agency ${code}"`).then(
        (delivery) => {
          if (delivery.status === 200) acknowledgedSoFar++;
          return { code, status: delivery.status, responseUrl: delivery.payload.response_url };
        },
        (error: unknown) => ({ code, status: 0, responseUrl: "", error }),
      ),
    );
    // Stop while commands are being recorded (a command is acknowledged with its answer once recorded), and others still arriving.
    await bot.fake.waitFor(() => acknowledgedSoFar >= 3, PATIENCE_MS);
    const atSignal = { acknowledged: acknowledgedSoFar, answered: bot.fake.answers.length };
    bot.process.child.kill("SIGTERM");
    const deliveries = await Promise.all(sent);
    expect(await bot.process.exited).toBe(0);

    const acknowledged = deliveries.filter((d) => d.status === 200);
    // Refused with 503 while stopping, or not connected: never taken.
    const refused = deliveries.filter((d) => d.status === 503 || d.status === 0);
    // Not recorded within Slack's 3 s (a loaded machine): Bolt answered 404, and the command went on.
    const late = deliveries.filter((d) => d.status !== 200 && d.status !== 503 && d.status !== 0);
    // The burst really was cut: some were acknowledged, and the stop came before the last ones.
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    const db = new Database(bot.dbPath, { readonly: true });
    const recorded = new Set((db.prepare(`SELECT code FROM "Agency"`).all() as { code: string }[]).map((r) => r.code));
    db.close();
    for (const d of acknowledged) {
      expect(recorded.has(d.code), `${d.code} was acknowledged but not recorded`).toBe(true);
      expect(bot.fake.answers.find((p) => p.url === d.responseUrl)?.text, `${d.code} was acknowledged but not answered`).toMatch(/NASA|A\d\d|Agency/);
    }
    // A late one was finished before the exit and answered through its response_url.
    for (const d of late) {
      expect(recorded.has(d.code), `${d.code} was taken but not finished`).toBe(true);
      expect(bot.fake.answers.find((p) => p.url === d.responseUrl && p.via === "response_url")?.text, `${d.code} was recorded late but not answered`).toMatch(/Agency/);
    }
    // What was not taken left nothing behind.
    for (const d of refused) expect(recorded.has(d.code), `${d.code} was refused but recorded`).toBe(false);
    expect(bot.process.stdout()).toContain('"stopping: readiness is now false, new interactions are refused"');
    expect(bot.process.stdout()).toContain('"stopped"');
    console.log(`burst: at SIGTERM ${atSignal.acknowledged} acknowledged, ${atSignal.answered} answered; in the end ${acknowledged.length} acknowledged and answered, ${late.length} answered late, ${refused.length} refused while stopping`);
  });

  it("serves the group's calendar feed at the address /meeting feed gives, where a cancellation updates the same event", async () => {
    const port = await freePort();
    const bot = await startBot({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}/` });
    const answer = async (command: string, text: string) => {
      const delivery = await bot.slash(command, text);
      expect(delivery.status).toBe(200);
      return (await bot.fake.waitFor(() => bot.fake.answers.find((p) => p.url === delivery.payload.response_url), PATIENCE_MS)).text ?? "";
    };
    expect(await answer("/meeting", 'create title:"Plenary" starts:2027-03-02 ends:2027-03-04')).toMatch(/^Created plenary/);
    const issued = await answer("/meeting", "feed");
    const address = new RegExp(`http://127\\.0\\.0\\.1:${port}/calendar/[A-Za-z0-9_-]{43}\\.ics`).exec(issued)?.[0];
    expect(address, issued).toBeDefined();
    const read = async (url: string) => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      return new ICAL.Event(new ICAL.Component(ICAL.parse(await response.text())).getFirstSubcomponent("vevent")!);
    };
    const before = await read(address!);
    expect(before.summary).toBe("Plenary");
    expect(await answer("/meeting", "cancel id:1")).toContain("cancelled");
    const after = await read(address!);
    expect(after.uid).toBe(before.uid);
    expect(Number(after.component.getFirstPropertyValue("sequence"))).toBeGreaterThan(Number(before.component.getFirstPropertyValue("sequence")));
    expect(after.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    // Rotated: the old address is gone, and the log never shows a secret.
    expect(await answer("/meeting", "feed rotate:true")).toContain("the old one no longer works");
    expect((await fetch(address!)).status).toBe(404);
    expect(bot.process.stdout()).not.toContain(address!.split("/calendar/")[1]!.replace(".ics", ""));
    bot.process.child.kill("SIGTERM");
    expect(await bot.process.exited).toBe(0);
  });

  it("makes the scheduled backups while it runs (BACKUP_SCHEDULE), keeps BACKUP_KEEP of them, and each holds what was recorded before it", async () => {
    const backups = join(mkdtempSync(join(tmpdir(), "ops-backups-")), "backups");
    cleanups.push(() => rmSync(join(backups, ".."), { recursive: true, force: true }));
    mkdirSync(backups);
    // node-cron's six fields: every second.
    const bot = await startBot({ BACKUP_DIR: backups, BACKUP_SCHEDULE: "* * * * * *", BACKUP_KEEP: "2" });
    const added = await bot.slash("/agency", 'add code:NASA name:"National Aeronautics and Space Administration"');
    await bot.fake.waitFor(() => bot.fake.answers.find((p) => p.url === added.payload.response_url), PATIENCE_MS);
    const madeSoFar = () => bot.process.stdout().split("\n").filter((line) => line.includes('"backup made"')).length;
    const afterAdding = madeSoFar();
    // Three more backups, all begun after the agency was recorded; the older ones are pruned.
    await bot.fake.waitFor(() => madeSoFar() >= afterAdding + 3 || undefined, 30_000);
    const files = readdirSync(backups).filter((f) => f.endsWith(".db")).sort();
    expect(files).toHaveLength(2);
    const copy = new Database(join(backups, files.at(-1)!), { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.prepare(`SELECT code FROM "Agency" WHERE code = 'NASA'`).all()).toEqual([{ code: "NASA" }]);
    } finally {
      copy.close();
    }
    expect(bot.process.stdout()).not.toContain('"backup failed"');
  });

  it("gives one clear line naming the setting, and a non-zero exit, for a port in use, an unwritable backup directory and a malformed setting", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const busyPort = (blocker.address() as { port: number }).port;
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM" });
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "ops-bad-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { ...baseEnvironment(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, DATABASE_URL: join(dir, "bot.db") };
    // A file where a directory should be: no one, root included, can write under it.
    writeFileSync(join(dir, "a-file"), "");
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ PORT: String(busyPort) }, `PORT: port ${busyPort} is already in use by another program; stop it or set PORT to a free port.`],
      [{ PORT: String(await freePort()), BACKUP_DIR: join(dir, "a-file", "backups") }, `BACKUP_DIR: backups cannot be written to ${join(dir, "a-file", "backups")} (ENOTDIR); give a directory the bot may write to.`],
      [{ SHUTDOWN_TIMEOUT_SECONDS: "soon" }, "  SHUTDOWN_TIMEOUT_SECONDS: must be a whole number of seconds from 1 to 300"],
    ];
    const runs = cases.map(([extra]) => startMain({ ...env, ...extra }, cleanups));
    for (const [i, run] of runs.entries()) {
      const code = await run.exited;
      expect(code, run.stderr()).not.toBe(0);
      expect(run.stderr()).toContain(cases[i]![1]);
      expect(run.stderr()).not.toMatch(/\n\s+at /);
    }
  });
});
