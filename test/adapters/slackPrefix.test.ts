// With SLACK_COMMAND_PREFIX (another app already has /poll), the workspace's commands are /cb-poll and
// so on, and every text the bot shows names them so: help, refusals, reminders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackText, withCommandPrefix } from "../../src/adapters/slack/blocks.ts";
import { GENERAL, startSlackWorld, TEST_TIMEOUT_MS, U, type SlackWorld } from "./slackHarness.ts";

describe("command names in texts, with a prefix", () => {
  it("names catalogue commands with the prefix, and leaves everything else alone", () => {
    expect(withCommandPrefix("Use /poll position id:1, or see /help poll.", "cb-")).toBe("Use /cb-poll position id:1, or see /cb-help poll.");
    expect(withCommandPrefix("/announce first, then (/announcement list)", "cb-")).toBe("/cb-announce first, then (/cb-announcement list)");
    expect(withCommandPrefix("https://example.org/poll /pollster a/poll", "cb-")).toBe("https://example.org/poll /pollster a/poll");
    expect(withCommandPrefix("Use /poll position", "")).toBe("Use /poll position");
    expect(slackText("Use /poll <now>", "cb-")).toBe("Use /cb-poll &lt;now&gt;");
  });
});

describe("the Slack adapter with a command prefix", { timeout: TEST_TIMEOUT_MS }, () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await startSlackWorld({ mode: "socket", env: { SLACK_COMMAND_PREFIX: "cb-" } });
  });
  afterAll(async () => w?.close());

  it("answers /cb-poll, and its help and refusals name /cb-poll", async () => {
    const help = await w.slash(U.alice, "/cb-poll", "help");
    const helped = await w.until(() => w.fake.answers.find((p) => p.url === help.payload.response_url));
    expect(helped.text).toContain("/cb-poll position id:N stance:concur|abstain|object");
    expect(helped.text).not.toMatch(/(^|\s)\/poll\b/);

    const refused = await w.slash(U.alice, "/cb-poll", "frobnicate", GENERAL);
    const answer = await w.until(() => w.fake.answers.find((p) => p.url === refused.payload.response_url));
    expect(answer.text).toContain("/cb-poll");
    expect(answer.text).not.toMatch(/(^|\s)\/(poll|help)\b/);
  });
});
