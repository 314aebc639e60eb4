// Slack settings validated at boot, the factory main.ts uses, and the text conversions of the adapter.
import { describe, expect, it } from "vitest";
import { platformFactories } from "../../src/compose/platforms.ts";
import { cardBlocks, escapeMrkdwn, parseStanceValue, pressOf, slackDate, slackText, withAttachedFile } from "../../src/adapters/slack/blocks.ts";
import { pollCardModel, type PollCard } from "../../src/core/polls/pollCard.ts";
import { readSlackConfig, slackWanted } from "../../src/adapters/slack/config.ts";
import { commandLine } from "../../src/adapters/slack/commands.ts";
import { isSlackMention, normalizeCommandText, resolveSlackUser } from "../../src/adapters/slack/identity.ts";
import { stampedInTheFuture } from "../../src/adapters/slack/receiver.ts";
import { timeMarker } from "../../src/core/shared/markup.ts";
import { catalogue } from "../../commands/index.ts";
import type { IncomingMessage } from "node:http";

const BOT = "xoxb-123-456-abcdef";
const SECRET = "8f14e45fceea167a5a36dedd4bea2543";
const APP = "xapp-1-A1-789-abcdef";

describe("Slack configuration", () => {
  it("is HTTP mode with the bot token and the signing secret, on PORT (3000 by default)", () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET })).toEqual({
      ok: true,
      value: { mode: "http", botToken: BOT, signingSecret: SECRET, port: 3000, apiUrl: undefined, commandPrefix: "" },
    });
    const onPort = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: "8080", SLACK_API_URL: "http://127.0.0.1:9/api" });
    expect(onPort.ok && onPort.value).toMatchObject({ mode: "http", port: 8080, apiUrl: "http://127.0.0.1:9/api/" });
  });

  it("is Socket Mode when an app-level token is given too", () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    expect(config.ok && config.value).toMatchObject({ mode: "socket", botToken: BOT, appToken: APP });
  });

  it("explains what is missing or malformed, naming the variable but never echoing a secret", () => {
    const onlySecret = readSlackConfig({ SLACK_SIGNING_SECRET: SECRET });
    expect(onlySecret.ok ? [] : onlySecret.errors).toEqual(["SLACK_BOT_TOKEN is missing: set the bot token (xoxb-…) from OAuth & Permissions, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install the app in many workspaces"]);

    const swapped = readSlackConfig({ SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT, PORT: "99999" });
    const errors = swapped.ok ? [] : swapped.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        "SLACK_BOT_TOKEN must be the bot token from OAuth & Permissions, starting with xoxb-",
        "SLACK_APP_TOKEN must be an app-level token with the connections:write scope, starting with xapp-",
        "PORT must be a port number from 0 to 65535",
      ]),
    );
    expect(errors.join("\n")).not.toContain(BOT);
    expect(errors.join("\n")).not.toContain(APP);

    const noSecret = readSlackConfig({ SLACK_BOT_TOKEN: BOT });
    expect(noSecret.ok ? [] : noSecret.errors).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is missing: HTTP mode needs the signing secret/)]);
  });

  it("is registered for main.ts, which starts it when any Slack credential is set", () => {
    const slack = platformFactories.find((factory) => factory.name === "slack");
    expect(slack).toBeDefined();
    expect(slack!.configured({})).toBe(false);
    expect(slack!.configured({ SLACK_BOT_TOKEN: BOT })).toBe(true);
    expect(slackWanted({ SLACK_APP_TOKEN: " " })).toBe(false);
  });
});

describe("Slack text", () => {
  it("renders the core's time markers as <!date^…> with a UTC fallback", () => {
    const at = new Date("2026-07-01T14:30:00Z");
    expect(slackDate(at)).toBe("<!date^1782916200^{date_short_pretty} {time}|2026-07-01 14:30 UTC>");
    expect(slackText(`Closes ${timeMarker(at)} & <!here>`)).toBe("Closes <!date^1782916200^{date_short_pretty} {time}|2026-07-01 14:30 UTC> &amp; &lt;!here&gt;");
    expect(escapeMrkdwn("<@U1>")).toBe("&lt;@U1&gt;");
  });

  it("turns slash command text into the shared grammar, and explains a command given no subcommand", () => {
    const poll = catalogue.find((c) => c.name === "poll")!;
    const decisions = catalogue.find((c) => c.name === "decisions")!;
    expect(commandLine(poll, "")).toBe("help poll");
    expect(commandLine(poll, "  HELP ")).toBe("help poll");
    expect(commandLine(decisions, "")).toBe("decisions");
    expect(commandLine(poll, "open title:\u201CQ &amp; A\u201D closes:7d")).toBe('poll open title:"Q & A" closes:7d');
    expect(normalizeCommandText("user:<@U0ALICE0001|Alice Example>")).toBe("user:<@U0ALICE0001|Alice-Example>");
  });

  it("resolves a mention to the Slack identity, with a handle the core can store", () => {
    expect(resolveSlackUser("<@U0ALICE0001|alice>")).toEqual({ handle: "alice", identity: { platform: "slack", externalId: "U0ALICE0001" } });
    expect(resolveSlackUser("<@W0ENTERPRISE>")).toEqual({ handle: "w0enterprise", identity: { platform: "slack", externalId: "W0ENTERPRISE" } });
    expect(isSlackMention("alice")).toBe(false);
    expect(() => resolveSlackUser("alice")).toThrow();
  });

  const card = (patch: Partial<PollCard["poll"]>, outcome: PollCard["outcome"] = null): PollCard => ({
    poll: { id: 7, groupId: 1, title: "Endorse the data product", text: null, kind: "general", procedure: "consensus", closesAt: new Date("2026-07-01T14:30:00Z"), status: "open", ...patch },
    outcome,
    decision: outcome ? "2026-03" : null,
    procedure: "consensus: adopted if nobody objects and more than half of the agencies respond",
    tally: { electorate: 2, responded: 1, concur: 1, abstain: 0, object: 0, pending: 1, quorumNeeded: 2, objections: [], pendingAgencyIds: [2] },
    responses: "1 of 2 agencies responded (quorum 2)",
    agencies: [
      { code: "ESA", stance: "pending" },
      { code: "NASA", stance: "concur" },
    ],
  });
  type Button = { action_id: string; value: string; confirm?: unknown };
  const buttons = (blocks: ReturnType<typeof cardBlocks>) => (blocks.find((b) => b.type === "actions") as { elements: Button[] } | undefined)?.elements ?? [];

  it("asks a product's concurrence to confirm the agency's internal endorsement", () => {
    const general = buttons(cardBlocks(pollCardModel(card({}))));
    expect(general.map((b) => [b.action_id, b.value, Boolean(b.confirm)])).toEqual([
      ["poll_concur", "run:poll position id:7 stance:concur", false],
      ["poll_abstain", "run:poll position id:7 stance:abstain", false],
      ["poll_object", "ask:objection-reason:poll position id:7 stance:object", false],
    ]);
    const product = buttons(cardBlocks(pollCardModel(card({ kind: "product" }))));
    expect(product[0]).toMatchObject({ action_id: "poll_concur", value: "run:poll position id:7 stance:concur endorsed:true", confirm: { confirm: { text: "Concur, endorsed" } } });
    // Buttons of cards posted before the card model still cast the same positions.
    expect(pressOf("poll_concur", "7:endorsed")).toEqual({ step: "run", line: "poll position id:7 stance:concur endorsed:true" });
    expect(pressOf("poll_object", "7")).toEqual({ step: "ask", question: "objection-reason", line: "poll position id:7 stance:object" });
  });

  it("shows a closed poll's outcome and decision, without buttons", () => {
    const blocks = cardBlocks(pollCardModel(card({ status: "closed" }, "adopted")));
    expect(buttons(blocks)).toEqual([]);
    expect(blocks.find((b) => b.block_id === "poll_fields")).toMatchObject({ fields: [{ text: "*Outcome*\nadopted — decision 2026-03" }, { text: expect.stringMatching(/^\*Procedure\*\nconsensus/) }] });
  });

  it("shows an exported file inline as a code block, and says so when it is too long", () => {
    expect(withAttachedFile("Exported 1 agency as CSV: agencies.csv.", { filename: "agencies.csv", content: "code,name\nNASA,A<B" })).toBe(
      "Exported 1 agency as CSV: agencies.csv.\n```\ncode,name\nNASA,A&lt;B\n```",
    );
    expect(withAttachedFile("Calendar file: m.ics", { filename: "m.ics", ics: "BEGIN:VCALENDAR" })).toContain("```\nBEGIN:VCALENDAR\n```");
    expect(withAttachedFile("Big.", { filename: "big.csv", content: "x".repeat(40_000) })).toBe(
      "Big.\nbig.csv is 40000 characters, too long for a Slack message: narrow the export (for example year:) or export it from the shell.",
    );
    expect(withAttachedFile("Plain reply", { id: 3 })).toBe("Plain reply");
  });

  it("reads a poll button's value", () => {
    expect(parseStanceValue("12")).toEqual({ pollId: 12, endorsed: false });
    expect(parseStanceValue("12:endorsed")).toEqual({ pollId: 12, endorsed: true });
    expect(parseStanceValue("12; drop table")).toBeNull();
  });

  it("finds a timestamp from the future only beyond five minutes", () => {
    const now = Date.parse("2026-06-01T09:00:00Z");
    const request = (stamp: number | string) => ({ headers: { "x-slack-request-timestamp": String(stamp) } }) as unknown as IncomingMessage;
    expect(stampedInTheFuture(request(now / 1000 + 301), now)).toBe(true);
    expect(stampedInTheFuture(request(now / 1000 + 300), now)).toBe(false);
    expect(stampedInTheFuture(request(now / 1000 - 3600), now)).toBe(false); // Bolt refuses stale ones
    expect(stampedInTheFuture(request("garbage"), now)).toBe(false); // and malformed ones
  });
});
