// `npm start` with Slack credentials: main.ts finds the Slack factory, validates its settings, starts
// the adapter and the runtime, and serves the fake Slack until it is told to stop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { baseEnvironment, freePort, startMain as startProcess } from "../support/mainProcess.ts";
import { BOT_TOKEN, GENERAL, PATIENCE_MS, SIGNING_SECRET, TEST_TIMEOUT_MS, U } from "./slackHarness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const startMain = (env: NodeJS.ProcessEnv) => startProcess(env, cleanups);

describe("npm start with Slack credentials", { timeout: TEST_TIMEOUT_MS }, () => {
  it("serves slash commands in HTTP mode, posts the poll card, and stops on SIGTERM", async () => {
    const fake: FakeSlack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM", channels: [{ id: GENERAL, name: "general" }] });
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "slack-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const bot = startMain({
      ...baseEnvironment(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_URL: join(dir, "bot.db"),
      BOT_OPERATORS: `slack:${U.secretariat}`,
      LOG_LEVEL: "info",
    });
    await fake.waitFor(() => bot.stdout().includes("Slack request URL listening"), 60_000);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const slash = async (text: string, command: string) => {
      const delivery = await fake.http.slashCommand(url, { command, text, userId: U.secretariat, channelId: GENERAL }, { timeoutMs: PATIENCE_MS });
      expect(delivery.status).toBe(200);
      return fake.waitFor(() => fake.answers.find((p) => p.url === delivery.payload.response_url), PATIENCE_MS);
    };

    expect((await slash("channel purpose:announcements", "/setup")).text).toBe("This channel now receives the announcements messages.");
    expect((await slash('add code:NASA name:"National Aeronautics and Space Administration"', "/agency")).responseType).toBe("in_channel");
    expect((await slash('open title:"Started by main" closes:7d', "/poll")).text).toMatch(/^Opened poll #1 «Started by main»/);
    const card = await fake.waitFor(() => fake.messagesIn(GENERAL).find((m) => m.postedVia === "chat.postMessage"), PATIENCE_MS);
    expect(JSON.stringify(card.blocks)).toContain("poll_concur");

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.stdout() + bot.stderr()).not.toContain(BOT_TOKEN);
    expect(bot.stdout() + bot.stderr()).not.toContain(SIGNING_SECRET);
    for (const line of bot.stdout().trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
  });

  it("refuses to start with an incomplete Slack configuration, naming what is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slack-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bot = startMain({ ...baseEnvironment(), SLACK_BOT_TOKEN: BOT_TOKEN, DATABASE_URL: join(dir, "bot.db") });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr()).toContain("slack: SLACK_SIGNING_SECRET is missing");
    expect(bot.stderr()).not.toContain(BOT_TOKEN);
  });

  it("stops with a clear message when Slack rejects the bot token, without printing it", async () => {
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0FAKETEAM" });
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "slack-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const revoked = "xoxb-9999-revoked-token";
    const bot = startMain({
      ...baseEnvironment(),
      SLACK_BOT_TOKEN: revoked,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(await freePort()),
      DATABASE_URL: join(dir, "bot.db"),
    });
    expect(await bot.exited).not.toBe(0);
    expect(bot.stderr()).toContain("Slack did not accept SLACK_BOT_TOKEN (check the Bot User OAuth Token of the installed app): invalid_auth");
    expect(bot.stderr()).not.toContain(revoked);
    expect(fake.callsTo("auth.test").map((call) => call.response.error)).toEqual(["invalid_auth"]);
  });
});
