// Replays stay refused across a restart: the real bot process (npm start) receives a signed Slack
// command, or a Discord interaction, applies it, is stopped and started again on the same database,
// and then receives the very same request again. It is applied once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { startFakeDiscord } from "../fakes/discord/index.ts";
import { startFakeSlack } from "../fakes/slack/index.ts";
import { baseEnvironment, freePort, startMain as startProcess, type MainProcess } from "../support/mainProcess.ts";
import { answerOf } from "./discordHarness.ts";
import { BOT_TOKEN, GENERAL, PATIENCE_MS, SIGNING_SECRET, TEST_TIMEOUT_MS, U } from "./slackHarness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "replay-main-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function stop(bot: MainProcess): Promise<void> {
  bot.child.kill("SIGTERM");
  expect(await bot.exited).toBe(0);
}

describe("a replayed request after a restart is applied once", { timeout: TEST_TIMEOUT_MS * 2 }, () => {
  it("Slack: the same signed slash command, delivered again to the restarted process", async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: GENERAL, name: "general" }] });
    cleanups.push(() => fake.close());
    const dir = tempDir();
    const port = await freePort();
    const env = {
      ...baseEnvironment(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_URL: join(dir, "bot.db"),
      BOT_OPERATORS: `slack:${U.secretariat}`,
      LOG_LEVEL: "info",
    };
    const url = `http://127.0.0.1:${port}/slack/events`;
    const start = async () => {
      const bot = startProcess(env, cleanups);
      await fake.waitFor(() => bot.stdout().includes("Slack request URL listening"), 60_000);
      return bot;
    };
    const answerTo = (responseUrl: string) => fake.waitFor(() => fake.answers.filter((p) => p.url === responseUrl).at(-1), PATIENCE_MS);

    let bot = await start();
    const setup = await fake.http.slashCommand(url, { command: "/agency", text: "add code:NASA name:NASA", userId: U.secretariat, channelId: GENERAL });
    expect((await answerTo(setup.payload.response_url)).text).toMatch(/recorded as participating/);
    // One signed request, kept byte for byte: its body and its timestamp (inside Slack's 5 minutes).
    const timestamp = Math.floor(Date.now() / 1000);
    const delivered = await fake.http.slashCommand(url, { command: "/poll", text: 'open title:"Opened once" closes:7d', userId: U.secretariat, channelId: GENERAL }, { timestamp });
    expect(delivered.status).toBe(200);
    const payload = delivered.payload;
    // The same form body the driver signed, field for field, so that the replay carries the same signature.
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) if (value !== undefined) form.set(key, String(value));
    const body = form.toString();
    expect((await answerTo(payload.response_url)).text).toMatch(/^Opened poll #1 «Opened once»/);

    await stop(bot);
    bot = await start();
    expect((await fake.http.postForm(url, body, { timestamp, retryNum: 1, retryReason: "http_timeout" })).status).toBe(200);
    // Commands run one at a time: once a later one is answered, the replay has been handled.
    const list = await fake.http.slashCommand(url, { command: "/poll", text: "list", userId: U.secretariat, channelId: GENERAL });
    const listed = await answerTo(list.payload.response_url);
    expect(listed.text).toContain("#1 Opened once");
    expect(listed.text).not.toContain("#2");
    expect(fake.answers.filter((p) => p.url === payload.response_url)).toHaveLength(1);
    expect(bot.stdout()).toContain("Ignored a replay of /poll open");
    await stop(bot);
  });

  it("Discord: the same interaction, dispatched again to the restarted process", async () => {
    const fake = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    cleanups.push(() => fake.close());
    const dir = tempDir();
    const config = { token: fake.token, applicationId: fake.applicationId, guildId: fake.guild.id, apiUrl: fake.apiUrl };
    await deployCommands(config);
    const env = {
      ...baseEnvironment(),
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guild.id,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: join(dir, "bot.db"),
      BOT_OPERATORS: `discord:${fake.user("operator").id}`,
      LOG_LEVEL: "info",
    };
    const start = async () => {
      const bot = startProcess(env, cleanups);
      // Polled: the fake's waitFor re-checks only when the fake sees traffic, and after logging in the
      // bot may send nothing but a heartbeat (every 41 s) for a while.
      await vi.waitFor(() => expect(bot.stdout()).toContain("connected to Discord"), { timeout: 60_000, interval: 100 });
      return bot;
    };

    let bot = await start();
    const setup = fake.sendInteraction(fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code: "NASA", name: "NASA" } }));
    expect((await answerOf(fake, setup.id)).content).toMatch(/recorded as participating/);
    const payload = fake.chatInput({ user: "operator", name: "poll", subcommand: "open", options: { title: "Opened once", closes: "7d" } });
    const first = fake.sendInteraction(payload);
    expect((await answerOf(fake, first.id)).content).toMatch(/^Opened poll #1 «Opened once»/);

    await stop(bot);
    bot = await start();
    fake.sendInteraction(payload);
    // The same interaction twice at once, as two deliveries: the database remembers the first.
    const twice = fake.chatInput({ user: "operator", name: "poll", subcommand: "open", options: { title: "Delivered twice", closes: "7d" } });
    fake.sendInteraction(twice);
    fake.sendInteraction(twice);
    const list = fake.sendInteraction(fake.chatInput({ user: "operator", name: "poll", subcommand: "list" }));
    const listed = await answerOf(fake, list.id);
    expect(listed.content).toContain("#1 Opened once");
    expect(listed.content).toContain("#2 Delivered twice");
    expect(listed.content).not.toContain("#3");
    // Each replay was either stopped by the database's memory (no answer at all) or, when the bot
    // had to acknowledge before its turn came, by Discord itself (already acknowledged: not run).
    const ignored = (bot.stdout().match(/ignored a replayed interaction|could not acknowledge; the command was not run/g) ?? []).length;
    expect(ignored).toBe(2);
    for (const id of [payload.id, twice.id]) {
      const accepted = fake.requests.filter((r) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`) && r.status !== null && r.status < 300);
      expect(accepted).toHaveLength(1);
    }
    await stop(bot);
  });
});
