// One agency, one voice, whichever platform its representatives speak on: positions cast on Discord
// and on Slack for the same agency are one position with one history, and the poll card on each
// platform shows the tally the database holds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { OptionType, type StoredMessage } from "../fakes/discord/index.ts";
import type { RecordedMessage } from "../fakes/slack/index.ts";
import { startBothPlatforms, SLACK, SLACK_ANNOUNCEMENTS, type BothPlatforms } from "./bothPlatforms.ts";
import { answerOf, cardField } from "./discordHarness.ts";
import { PATIENCE_MS } from "./slackHarness.ts";

type Shown = "concur" | "abstain" | "object" | "pending";

/** What a card says: the counts line, and each agency's stance as drawn. */
interface CardReading {
  counts: string;
  stances: Record<string, Shown>;
}

const COUNTS = /(\d+) concur · (\d+) abstain · (\d+) object/;

/** Reads one line per agency: `**NASA** ✅ concur` on Discord, `*NASA* :white_check_mark: concur` on Slack. */
function readLines(counts: string | undefined, lines: string[]): CardReading | null {
  const matched = counts?.match(COUNTS);
  if (!matched) return null;
  const stances: Record<string, Shown> = {};
  for (const line of lines) {
    const agency = line.match(/^\*{1,2}([A-Z]+)\*{1,2} /);
    const stance = line.match(/\b(concur|abstain|object|pending|no position yet)\b/);
    if (agency && stance) stances[agency[1]!] = stance[1] === "no position yet" ? "pending" : (stance[1] as Shown);
  }
  return { counts: `${matched[1]} concur · ${matched[2]} abstain · ${matched[3]} object`, stances };
}

function readDiscordCard(card: StoredMessage | undefined): CardReading | null {
  return readLines(cardField(card, "Tally"), (cardField(card, "Agencies") ?? "").split("\n"));
}

function readSlackCard(card: RecordedMessage | undefined): CardReading | null {
  const block = (id: string) => ((card?.blocks ?? []) as { block_id?: string; text?: { text?: string } }[]).find((b) => b.block_id === id)?.text?.text ?? "";
  return readLines(block("poll_tally"), block("poll_agencies").split("\n"));
}

describe("Discord and Slack at once", { timeout: 180_000 }, () => {
  let b: BothPlatforms;
  let pollId: number;
  const discordCard = () => b.discord.messagesIn(b.discordChannel("announcements")).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith(`Poll #${pollId}:`));
  const slackCard = () => b.slack.messagesIn(SLACK_ANNOUNCEMENTS).find((m) => JSON.stringify(m.blocks ?? []).includes(`*Poll #${pollId}*`));

  /** What the database holds for the poll, read through the core as the shell would show it. */
  async function held(): Promise<CardReading & { history: [string, string, string, string][] }> {
    const view = await showPoll(b.deps, { groupId: b.group.id, platform: "slack", externalId: SLACK.secretariat }, pollId);
    if (!view.ok) throw new Error(`poll #${pollId} is missing`);
    const count = (stance: string) => view.value.positions.filter((p) => p.stance === stance).length;
    const stances: Record<string, Shown> = { NASA: "pending", ESA: "pending", JAXA: "pending" };
    for (const p of view.value.positions) stances[p.code] = p.stance as Shown;
    return {
      counts: `${count("concur")} concur · ${count("abstain")} abstain · ${count("object")} object`,
      stances,
      history: view.value.history.map((c) => [c.code, c.stance, c.platform, c.by]),
    };
  }

  /** Waits until both cards show what the database holds, and returns that. */
  async function bothCardsShow(expected: CardReading) {
    const readings = () => ({ discord: readDiscordCard(discordCard()), slack: readSlackCard(slackCard()) });
    const agree = (r: CardReading | null) => r !== null && r.counts === expected.counts && JSON.stringify(r.stances) === JSON.stringify(r && { ...r.stances, ...expected.stances });
    try {
      await b.slack.waitFor(() => {
        const now = readings();
        return agree(now.discord) && agree(now.slack);
      }, PATIENCE_MS);
    } catch {
      // Fail on the readings themselves, which says which card is behind and how.
      expect(readings()).toEqual({ discord: expected, slack: expected });
    }
    const final = readings();
    expect(final.discord).toEqual(expected);
    expect(final.slack).toEqual(expected);
  }

  beforeEach(async () => {
    b = await startBothPlatforms();
    const user = (name: string) => ({ type: OptionType.User, value: b.discord.user(name).id });
    // The group is set up from both platforms, by each platform's operator.
    expect(await b.discordSlash("operator", "setup", "channel", { purpose: "announcements" }, b.discordChannel("announcements"))).toBe("This channel now receives the announcements messages.");
    expect((await b.slackSlash(SLACK.secretariat, "/setup", "channel purpose:announcements")).text).toBe("This channel now receives the announcements messages.");
    for (const code of ["NASA", "ESA", "JAXA"]) expect(await b.discordSlash("operator", "agency", "add", { code, name: code })).toMatch(/recorded as participating/);
    expect(await b.discordSlash("operator", "delegate", "add", { agency: "NASA", user: user("alice"), head: true })).toBe("alice now represents NASA as head of delegation.");
    expect(await b.discordSlash("operator", "delegate", "add", { agency: "JAXA", user: user("carol") })).toBe("carol now represents JAXA.");
    expect((await b.slackSlash(SLACK.secretariat, "/delegate", `add agency:NASA user:<@${SLACK.dave}|dave>`)).text).toBe("dave now represents NASA.");
    expect((await b.slackSlash(SLACK.secretariat, "/delegate", `add agency:ESA user:<@${SLACK.bob}|bob>`)).text).toBe("bob now represents ESA.");
    // Alice's Slack account is hers too: what she says on either platform is NASA's one position.
    // She proves it: a code asked for on Discord, given back from her Slack account.
    const asked = await b.discordSlash("alice", "delegate", "link", {});
    const code = asked.match(/Your code is ([A-Z2-9]{4}-[A-Z2-9]{4})\./)?.[1];
    expect(code, asked).toBeDefined();
    expect((await b.slackSlash(SLACK.alice, "/delegate", `link code:${code}`)).text).toBe(
      "This slack account is now linked to alice: a position cast here is the same position as from their other accounts.",
    );

    const opened = await b.discordSlash("operator", "poll", "open", { title: "Adopt the 2027 workplan", closes: "7d" }, b.discordChannel("general"));
    pollId = Number(opened.match(/^Opened poll #(\d+)/)?.[1]);
    expect(pollId).toBeGreaterThan(0);
    await bothCardsShow({ counts: "0 concur · 0 abstain · 0 object", stances: { ESA: "pending", JAXA: "pending", NASA: "pending" } });
  });

  afterEach(async () => {
    await b?.close();
  });

  it("links by a code asked for on Slack and given back on Discord; a stranger's code or a second use links nothing", async () => {
    const asked = await b.slackSlash(SLACK.dave, "/delegate", "link");
    expect(asked.responseType).toBe("ephemeral");
    const code = asked.text?.match(/Your code is ([A-Z2-9]{4}-[A-Z2-9]{4})\./)?.[1];
    expect(code, asked.text).toBeDefined();
    expect(await b.discordSlash("dave", "delegate", "link", { code: "ZZZZ-ZZZZ" })).toMatch(/^That code is not valid/);
    expect(await b.discordSlash("dave", "delegate", "link", { code: code! })).toBe(
      "This discord account is now linked to dave: a position cast here is the same position as from their other accounts.",
    );
    expect(await b.discordSlash("carol", "delegate", "link", { code: code! })).toMatch(/^That code is not valid/);

    // Dave concurs from Discord, then objects from Slack: NASA has one position, cast from either side.
    const concur = b.discord.sendInteraction(b.discord.button({ user: "dave", customId: `poll:${pollId}:concur`, message: discordCard()! }));
    expect((await answerOf(b.discord, concur.id)).content).toMatch(new RegExp(`^NASA's position on poll #${pollId} is now concur\\.`));
    const abstaining = await b.slack.socket.blockAction({ actionId: "poll_abstain", value: String(pollId), userId: SLACK.dave, channelId: SLACK_ANNOUNCEMENTS, messageTs: slackCard()!.ts });
    const abstained = await b.slack.waitFor(() => b.slack.answers.find((p) => p.url === abstaining.payload.response_url), PATIENCE_MS);
    expect(abstained.text).toMatch(new RegExp(`^NASA's position on poll #${pollId} is now abstain \\(was concur\\)\\.`));
    const now = await held();
    expect(now.history).toEqual([
      ["NASA", "concur", "discord", "dave"],
      ["NASA", "abstain", "slack", "dave"],
    ]);
  });

  it("keeps one position per agency across platforms, with every change in its history, and both cards agree", async () => {
    // NASA concurs on Discord, through alice.
    const concur = b.discord.sendInteraction(b.discord.button({ user: "alice", customId: `poll:${pollId}:concur`, message: discordCard()! }));
    expect((await answerOf(b.discord, concur.id)).content).toMatch(new RegExp(`^NASA's position on poll #${pollId} is now concur\\.`));
    await bothCardsShow({ counts: "1 concur · 0 abstain · 0 object", stances: { ESA: "pending", JAXA: "pending", NASA: "concur" } });

    // Dave, NASA's other representative, objects on Slack: the same position changes.
    const card = slackCard()!;
    const objecting = await b.slack.socket.blockAction({ actionId: "poll_object", value: String(pollId), userId: SLACK.dave, channelId: SLACK_ANNOUNCEMENTS, messageTs: card.ts });
    const modal = await b.slack.waitFor(() => b.slack.views.find((v) => v.triggerId === objecting.payload.trigger_id), PATIENCE_MS);
    await b.slack.socket.viewSubmission({ userId: SLACK.dave, viewId: modal.id, values: { reason: { reason_input: "Line 4 of the workplan is unfunded" } } });
    const objected = await b.slack.waitFor(() => b.slack.ephemerals.find((e) => e.user === SLACK.dave && e.text?.startsWith("NASA's position")), PATIENCE_MS);
    expect(objected.text).toMatch(new RegExp(`^NASA's position on poll #${pollId} is now object \\(was concur\\)\\. 0 concur, 0 abstain, 1 object;`));
    await bothCardsShow({ counts: "0 concur · 0 abstain · 1 object", stances: { ESA: "pending", JAXA: "pending", NASA: "object" } });

    // Alice, on her linked Slack account, withdraws the objection in favour of an abstention.
    const abstaining = await b.slack.socket.blockAction({ actionId: "poll_abstain", value: String(pollId), userId: SLACK.alice, channelId: SLACK_ANNOUNCEMENTS, messageTs: card.ts });
    const abstained = await b.slack.waitFor(() => b.slack.answers.find((p) => p.url === abstaining.payload.response_url), PATIENCE_MS);
    expect(abstained.text).toMatch(new RegExp(`^NASA's position on poll #${pollId} is now abstain \\(was object\\)\\.`));

    const now = await held();
    expect(now.history).toEqual([
      ["NASA", "concur", "discord", "alice"],
      ["NASA", "object", "slack", "dave"],
      ["NASA", "abstain", "slack", "alice"],
    ]);
    expect(now.stances).toEqual({ NASA: "abstain", ESA: "pending", JAXA: "pending" });
    await bothCardsShow({ counts: "0 concur · 1 abstain · 0 object", stances: { ESA: "pending", JAXA: "pending", NASA: "abstain" } });
  });

  it("loses no position when an agency's representatives press at the same moment on both platforms", async () => {
    const discordMessage = discordCard()!;
    const slackTs = slackCard()!.ts;
    // Each press resolves to its agency and the answer its presser read.
    const slackPress = async (code: string, userId: string, stance: string) => {
      const pressed = await b.slack.socket.blockAction({ actionId: `poll_${stance}`, value: String(pollId), userId, channelId: SLACK_ANNOUNCEMENTS, messageTs: slackTs });
      const answer = await b.slack.waitFor(() => b.slack.answers.find((p) => p.url === pressed.payload.response_url), PATIENCE_MS);
      return { code, text: answer.text ?? "" };
    };
    const discordPress = async (code: string, user: string, stance: string) => {
      const answer = await answerOf(b.discord, b.discord.sendInteraction(b.discord.button({ user, customId: `poll:${pollId}:${stance}`, message: discordMessage })).id);
      return { code, text: answer.content };
    };
    // NASA speaks through three accounts on two platforms (alice on both, dave on Slack), ESA through
    // bob on Slack; JAXA stays silent, so that the poll stays open however the others vote.
    const presses: Promise<{ code: string; text: string }>[] = [];
    const ROUNDS = 8;
    for (let round = 0; round < ROUNDS; round++) {
      const [one, other] = round % 2 === 0 ? (["concur", "abstain"] as const) : (["abstain", "concur"] as const);
      presses.push(discordPress("NASA", "alice", one), slackPress("NASA", SLACK.dave, other), slackPress("NASA", SLACK.alice, one), slackPress("ESA", SLACK.bob, other));
    }
    const answers = await Promise.all(presses);

    // Every press is answered: applied, or refused because a press of the same agency received after it
    // was recorded first (positions are ordered by when their requests were received).
    const answered = (code: string, kind: "applied" | "superseded") =>
      answers.filter(
        (a) => a.code === code && a.text.startsWith(kind === "applied" ? `${code}'s position on poll #${pollId} is now` : `A later choice of your agency (${code}) on poll #${pollId}`),
      ).length;
    for (const [code, pressed] of [["NASA", 3 * ROUNDS], ["ESA", ROUNDS]] as const) {
      expect(answered(code, "applied") + answered(code, "superseded"), `${code}'s answers: ${JSON.stringify(answers.filter((a) => a.code === code))}`).toBe(pressed);
      expect(answered(code, "applied")).toBeGreaterThan(0);
    }

    // Every applied press is recorded once, and no refused one.
    const applied = answered("NASA", "applied") + answered("ESA", "applied");
    let settled = await held();
    for (const started = Date.now(); settled.history.length < applied && Date.now() - started < PATIENCE_MS; settled = await held()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const changesOf = (code: string) => settled.history.filter((c) => c[0] === code);
    expect(changesOf("NASA")).toHaveLength(answered("NASA", "applied"));
    expect(["discord:alice", "slack:alice", "slack:dave"]).toEqual(expect.arrayContaining([...new Set(changesOf("NASA").map((c) => `${c[2]}:${c[3]}`))]));
    expect(changesOf("ESA")).toHaveLength(answered("ESA", "applied"));
    expect(changesOf("JAXA")).toHaveLength(0);
    // Each agency's position is its last change, whichever platform it came from, and both cards show it.
    expect(settled.stances).toEqual({ NASA: changesOf("NASA").at(-1)![1], ESA: changesOf("ESA").at(-1)![1], JAXA: "pending" });
    await bothCardsShow({ counts: settled.counts, stances: settled.stances });
  });
});
