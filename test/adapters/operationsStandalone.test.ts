// In Slack's Socket Mode and on Discord's gateway no platform receives requests over HTTP, so the bot
// serves /healthz, /readyz and /metrics on PORT from a small server of its own: the real process
// (`npm start`'s main) against the fakes, one platform at a time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord } from "../fakes/discord/index.ts";
import { startFakeSlack } from "../fakes/slack/index.ts";
import { baseEnvironment, freePort, startMain, type MainProcess } from "../support/mainProcess.ts";
import { parsePrometheusText } from "../support/prometheusText.ts";
import { APP_TOKEN, BOT_TOKEN, GENERAL, PATIENCE_MS, SIGNING_SECRET, TEST_TIMEOUT_MS, U } from "./slackHarness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const get = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(PATIENCE_MS) });
  return { status: response.status, text: await response.text() };
};

async function started(env: NodeJS.ProcessEnv, waitFor: (check: () => boolean, ms: number) => Promise<unknown>): Promise<{ bot: MainProcess; base: string }> {
  const dir = mkdtempSync(join(tmpdir(), "ops-standalone-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const bot = startMain({ ...baseEnvironment(), ...env, PORT: String(port), DATABASE_URL: join(dir, "bot.db"), LOG_LEVEL: "info" }, cleanups);
  await waitFor(() => bot.stdout().includes('"bot started"') || bot.child.exitCode !== null, 60_000);
  if (bot.child.exitCode !== null) throw new Error(`the bot exited: ${bot.stderr()}`);
  return { bot, base: `http://127.0.0.1:${port}` };
}

/** Polls until /readyz answers 200 (the platform's connection may complete just after the start line). */
async function readyBody(base: string): Promise<unknown> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const ready = await get(`${base}/readyz`).catch(() => null);
    if (ready?.status === 200) return JSON.parse(ready.text);
    if (Date.now() > deadline) throw new Error(`/readyz did not turn 200: ${ready?.status} ${ready?.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the health and metrics server on PORT without an HTTP receiver", { timeout: TEST_TIMEOUT_MS }, () => {
  it("in Slack's Socket Mode: /healthz, /readyz with Slack connected, and /metrics counting a command sent over the socket", async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: GENERAL, name: "general" }] });
    cleanups.push(() => fake.close());
    const { base } = await started(
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, BOT_OPERATORS: `slack:${U.secretariat}` },
      (check, ms) => fake.waitFor(() => check() || undefined, ms),
    );
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, text: '{"status":"ok"}\n' });
    expect(await readyBody(base)).toEqual({ ready: true, database: "ok", platforms: { slack: "ready" }, stopping: false });
    // No Slack receiver on this port: Slack's request URL is not served in Socket Mode.
    expect((await fetch(`${base}/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);

    const { payload } = await fake.socket.slashCommand({ command: "/agency", text: "frobnicate", userId: U.secretariat, channelId: GENERAL }, { timeoutMs: PATIENCE_MS, connectTimeoutMs: PATIENCE_MS });
    await fake.waitFor(() => fake.answers.find((p) => p.url === payload.response_url), PATIENCE_MS);
    const metrics = await get(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const scrape = parsePrometheusText(metrics.text);
    expect(scrape.value("bot_commands_total", { platform: "slack", command: "agency", outcome: "invalid" })).toBe(1);
    expect(scrape.value("bot_acknowledgement_seconds_count", { platform: "slack" })).toBe(1);
    expect(scrape.value("process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
  });

  it("on Discord's gateway: /healthz, /readyz with Discord connected, and /metrics", async () => {
    const discord = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    cleanups.push(() => discord.close());
    const { base } = await started(
      { DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_GUILD_ID: discord.guild.id, DISCORD_API_URL: discord.apiUrl, BOT_OPERATORS: `discord:${discord.user("operator").id}` },
      async (check, ms) => {
        const deadline = Date.now() + ms;
        while (!check()) {
          if (Date.now() > deadline) throw new Error("the bot did not start");
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    );
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, text: '{"status":"ok"}\n' });
    expect(await readyBody(base)).toEqual({ ready: true, database: "ok", platforms: { discord: "ready" }, stopping: false });
    const metrics = await get(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const scrape = parsePrometheusText(metrics.text);
    expect(scrape.types.get("bot_commands_total")).toBe("counter");
    expect(scrape.value("bot_outbox_parked")).toBe(0);
    expect(scrape.value("process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
  });
});
