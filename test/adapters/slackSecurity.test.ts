// Forged, replayed and retried Slack requests, and secrets kept out of the logs.
import { pino } from "pino";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { boltLogger, scrubSecrets } from "../../src/adapters/slack/logging.ts";
import {
  APP_TOKEN,
  BOT_TOKEN,
  GENERAL,
  PATIENCE_MS,
  resendSlashCommand,
  SIGNING_SECRET,
  startSlackWorld,
  TEST_TIMEOUT_MS,
  U,
  VERIFICATION_TOKEN,
  type Mode,
  type SlackWorld,
} from "./slackHarness.ts";

const worlds: SlackWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function world(mode: Mode, logLevel?: string): Promise<SlackWorld> {
  const started = await startSlackWorld({ mode, ...(logLevel ? { logLevel } : {}) });
  worlds.push(started);
  return started;
}

/** The poll card, not the in-channel reply to /poll open that shares the channel. */
const cardIn = (w: SlackWorld) => w.fake.messagesIn(GENERAL).find((m) => m.postedVia === "chat.postMessage");
const pollCount = (w: SlackWorld) => w.deps.store.transaction(async (tx) => (await tx.polls.list(w.group.id)).length);
/**
 * Waits until everything delivered before has been handled: commands run in arrival order, so once a
 * later command has been answered, an earlier one that was (wrongly) applied would show by now.
 */
async function settle(w: SlackWorld): Promise<void> {
  const marker = await w.slash(U.outsider, "/help", "");
  await w.until(() => w.fake.answers.some((p) => p.url === marker.payload.response_url));
}

describe("Slack request authenticity (HTTP mode)", { timeout: TEST_TIMEOUT_MS }, () => {
  const open = { command: "/poll", text: 'open title:"Forged?" closes:7d', userId: U.secretariat, channelId: GENERAL };

  it("answers 401 to a bad signature, another app's secret or no signature, and applies nothing", async () => {
    const w = await world("http");
    expect((await w.fake.http.slashCommand(w.url, open, { corruptSignature: true })).status).toBe(401);
    expect((await w.fake.http.slashCommand(w.url, open, { signingSecret: "0123456789abcdef0123456789abcdef" })).status).toBe(401);
    expect((await w.fake.http.slashCommand(w.url, open, { omitSignature: true })).status).toBe(401);
    await settle(w);
    expect(await pollCount(w)).toBe(0);
    expect(w.fake.answers.filter((p) => p.origin?.userId === U.secretariat)).toEqual([]);
  });

  it("answers 401 to a timestamp more than 5 minutes away in either direction, and accepts one within", async () => {
    const w = await world("http");
    expect((await w.fake.http.slashCommand(w.url, open, { timestampOffsetSeconds: -6 * 60 })).status).toBe(401);
    expect((await w.fake.http.slashCommand(w.url, open, { timestampOffsetSeconds: +6 * 60 })).status).toBe(401);
    expect((await w.fake.http.slashCommand(w.url, open, { timestampOffsetSeconds: +24 * 3600 })).status).toBe(401);
    await settle(w);
    expect(await pollCount(w)).toBe(0);

    expect((await w.fake.http.slashCommand(w.url, open, { timestampOffsetSeconds: +4 * 60 })).status).toBe(200);
    expect((await w.fake.http.slashCommand(w.url, open, { timestampOffsetSeconds: -4 * 60 })).status).toBe(200);
    await expect.poll(() => pollCount(w), { timeout: PATIENCE_MS }).toBe(2);
  });

  it("acknowledges a redelivery (X-Slack-Retry-Num) without applying the command a second time", async () => {
    const w = await world("http");
    const first = await w.fake.http.slashCommand(w.url, open);
    await expect.poll(() => pollCount(w), { timeout: PATIENCE_MS }).toBe(1);

    const retried = await resendSlashCommand(w, first.payload, { retryNum: 1, retryReason: "http_timeout" });
    const retriedAgain = await resendSlashCommand(w, first.payload, { retryNum: 2, retryReason: "http_timeout" });
    expect([retried.status, retriedAgain.status]).toEqual([200, 200]);
    await settle(w);
    expect(await pollCount(w)).toBe(1);
    expect(w.fake.answers.filter((p) => p.url === first.payload.response_url)).toHaveLength(1);

    // A retry whose first delivery never arrived is the only copy: it runs.
    const lost = await w.fake.http.slashCommand(w.url, { ...open, text: 'open title:"Second" closes:7d' }, { retryNum: 1, retryReason: "http_error" });
    expect(lost.status).toBe(200);
    await expect.poll(() => pollCount(w), { timeout: PATIENCE_MS }).toBe(2);
  });

  it("applies a button press once when Slack delivers it twice", async () => {
    const w = await world("http");
    await w.slash(U.secretariat, "/poll", 'open title:"Twice?" closes:7d');
    const card = await w.until(() => cardIn(w));
    const pressed = await w.fake.http.blockAction(w.url, { actionId: "poll_concur", value: "1", userId: U.alice, channelId: GENERAL, messageTs: card.ts });
    await w.until(() => w.fake.answers.find((p) => p.url === pressed.payload.response_url));
    const again = await w.fake.http.postInteraction(w.url, pressed.payload, { retryNum: 1, retryReason: "http_timeout" });
    expect(again.status).toBe(200);
    await settle(w);
    const history = await w.deps.store.transaction((tx) => tx.polls.history(1));
    expect(history.map((h) => h.stance)).toEqual(["concur"]);
  });
});

describe("Slack redelivery in Socket Mode", { timeout: TEST_TIMEOUT_MS }, () => {
  it("acks a redelivered envelope with the same payload without applying it again", async () => {
    const w = await world("socket");
    const first = await w.slash(U.secretariat, "/poll", 'open title:"Socket" closes:7d');
    await expect.poll(() => pollCount(w), { timeout: PATIENCE_MS }).toBe(1);
    const again = await w.fake.socket.deliver("slash_commands", first.payload, true, { retryAttempt: 1, retryReason: "timeout" });
    expect(again.ackPayload).toEqual({});
    await settle(w);
    expect(await pollCount(w)).toBe(1);
  });
});

describe("secrets in the logs", { timeout: TEST_TIMEOUT_MS }, () => {
  it.each(["http", "socket"] as const)("never shows the tokens, the signing secret or response_urls at debug level (%s mode)", async (mode) => {
    const w = await world(mode, "debug");
    const opened = await w.slash(U.secretariat, "/poll", 'open title:"Logged" closes:7d');
    const card = await w.until(() => cardIn(w));
    await w.press({ actionId: "poll_concur", value: "1", userId: U.alice, channelId: GENERAL, messageTs: card.ts });
    await w.until(() => w.fake.callsTo("chat.update")[0]);
    await w.adapter.stop();

    const output = w.logs.join("");
    // The libraries did log through the bot's logger: requests, API calls, and payloads.
    expect(output).toContain("apiCall('chat.postMessage') start");
    expect(output).toContain('"component":"slack"');
    // In Socket Mode the SDK logs each envelope, payload and all: the place a verification token would leak.
    if (mode === "socket") expect(output).toContain('\\"token\\":\\"[redacted]\\"');
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, VERIFICATION_TOKEN, opened.payload.response_url]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/xox[bp]-|xapp-/);
  });

  it("scrubs secrets from whatever Bolt and the Web API client pass as text", () => {
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const log = boltLogger(logger, [SIGNING_SECRET]);
    log.error("auth failed for", BOT_TOKEN, new Error(`bad secret ${SIGNING_SECRET}`));
    log.debug(JSON.stringify({ token: VERIFICATION_TOKEN, response_url: "https://hooks.slack.com/commands/T1/123/abc", text: "kept" }));
    log.warn("connecting to wss://wss-primary.slack.com/link/?ticket=abc-123&app_id=A1");
    const output = lines.join("");
    expect(output).not.toContain(BOT_TOKEN);
    expect(output).not.toContain(SIGNING_SECRET);
    expect(output).not.toContain(VERIFICATION_TOKEN);
    expect(output).not.toContain("hooks.slack.com/commands/T1/123/abc");
    expect(output).not.toContain("ticket=abc-123");
    expect(output).toContain("kept");
    expect(output).toContain("auth failed for [redacted]");
    expect(scrubSecrets('{"token":"a\\"b","x":1}', [])).toBe('{"token":"[redacted]","x":1}');
  });
});
