// The Slack adapter end to end, in HTTP mode and in Socket Mode: an unmodified Bolt App against the
// fake Slack, the real core on a temporary SQLite file, the outbox delivered by the runtime.
import { afterEach, describe, expect, it } from "vitest";
import { pollCardKey } from "../../src/core/polls/pollText.ts";
import type { RecordedMessage } from "../fakes/slack/index.ts";
import { GENERAL, PATIENCE_MS, startSlackWorld, TEST_TIMEOUT_MS, U, type Mode, type SlackWorld } from "./slackHarness.ts";

const worlds: SlackWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function world(mode: Mode, options: { bindAnnouncements?: boolean } = {}): Promise<SlackWorld> {
  const started = await startSlackWorld({ mode, ...options });
  worlds.push(started);
  return started;
}

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id?: string; value?: string; style?: string }[] };

const blocksOf = (message: RecordedMessage) => (message.blocks ?? []) as Block[];
const blockText = (message: RecordedMessage, blockId: string) => blocksOf(message).find((b) => b.block_id === blockId)?.text?.text ?? "";
const buttonsOf = (message: RecordedMessage) => blocksOf(message).find((b) => b.type === "actions")?.elements ?? [];
const cardOf = (w: SlackWorld, pollId: number) => w.fake.messagesIn(GENERAL).find((m) => blockText(m, "poll_title").startsWith(`*Poll #${pollId}`));

async function positions(w: SlackWorld, pollId: number) {
  return w.deps.store.transaction(async (tx) => {
    const codes = new Map((await tx.agencies.list(w.group.id)).map((a) => [a.id, a.code]));
    const current = (await tx.polls.positions(pollId)).map((p) => ({ agency: codes.get(p.agencyId), stance: p.stance, reason: p.reason }));
    const history = (await tx.polls.history(pollId)).map((h) => ({ agency: codes.get(h.agencyId), stance: h.stance, platform: h.platform }));
    return { current: current.sort((a, b) => String(a.agency).localeCompare(String(b.agency))), history };
  });
}

describe.each(["http", "socket"] as const)("the Slack adapter in %s mode", { timeout: TEST_TIMEOUT_MS }, (mode) => {
  it("binds the channel, opens a poll by slash command, and takes positions by command, button and modal", async () => {
    const w = await world(mode, { bindAnnouncements: false });

    // /setup channel binds the channel the command was typed in.
    const setup = await w.slash(U.secretariat, "/setup", "channel purpose:announcements");
    expect(setup.status).toBe(200);
    const bound = await w.until(() => w.fake.answers.find((p) => p.url === setup.payload.response_url));
    expect(bound).toMatchObject({ responseType: "in_channel", text: "This channel now receives the announcements messages." });
    expect(await w.deps.store.transaction((tx) => tx.groups.bindings(w.group.id))).toEqual([{ platform: "slack", channelId: GENERAL, purpose: "announcements" }]);

    // /poll open by the Secretariat: the reply in the channel, the card posted by the outbox.
    const opened = await w.slash(U.secretariat, "/poll", 'open title:"Adopt the 2027 workplan" closes:7d');
    const openReply = await w.until(() => w.fake.answers.find((p) => p.url === opened.payload.response_url));
    expect(openReply.responseType).toBe("in_channel");
    expect(openReply.text).toMatch(/^Opened poll #1 «Adopt the 2027 workplan», closing <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC> \(consensus/);
    const polls = await w.deps.store.transaction((tx) => tx.polls.list(w.group.id));
    expect(polls.map((p) => ({ id: p.id, title: p.title, status: p.status }))).toEqual([{ id: 1, title: "Adopt the 2027 workplan", status: "open" }]);
    const deadline = Math.floor(polls[0]!.closesAt.getTime() / 1000);

    const card = await w.until(() => cardOf(w, 1));
    expect(card.postedVia).toBe("chat.postMessage");
    expect(card.user).toBe(w.fake.botUserId);
    expect(blockText(card, "poll_title")).toBe("*Poll #1* — Adopt the 2027 workplan");
    expect(blockText(card, "poll_tally")).toContain("0 of 3 agencies responded");
    expect(JSON.stringify(card.blocks)).toContain(`<!date^${deadline}^{date_short_pretty} {time}|`);
    expect(buttonsOf(card).map((b) => [b.action_id, b.value])).toEqual([
      ["poll_concur", "run:poll position id:1 stance:concur"],
      ["poll_abstain", "run:poll position id:1 stance:abstain"],
      ["poll_object", "ask:objection-reason:poll position id:1 stance:object"],
    ]);
    // The outbox keeps channel:ts, which is what chat.update needs later.
    await expect
      .poll(async () => (await w.deps.store.transaction((tx) => tx.outbox.deliveries(pollCardKey(1)))).map((d) => d.ref), { timeout: PATIENCE_MS })
      .toEqual([`${GENERAL}:${card.ts}`]);

    // /poll position by text, from NASA's head of delegation.
    const typed = await w.slash(U.alice, "/poll", "position id:1 stance:abstain");
    const typedReply = await w.until(() => w.fake.answers.find((p) => p.url === typed.payload.response_url));
    expect(typedReply).toMatchObject({ responseType: "in_channel" });
    expect(typedReply.text).toMatch(/^NASA's position on poll #1 is now abstain\. 0 concur, 1 abstain, 0 object; 1 of 3 agencies responded/);
    await w.until(() => blockText(cardOf(w, 1)!, "poll_agencies").includes("*NASA* :heavy_minus_sign: abstain"));

    // The concur button, pressed by ESA's representative: recorded, confirmed to them alone, card redrawn.
    const pressed = await w.press({ actionId: "poll_concur", value: "1", userId: U.bob, channelId: GENERAL, messageTs: card.ts });
    expect(pressed.status).toBe(200);
    const pressReply = await w.until(() => w.fake.answers.find((p) => p.url === pressed.payload.response_url));
    expect(pressReply).toMatchObject({ responseType: "ephemeral", replaceOriginal: false });
    expect(pressReply.text).toMatch(/^ESA's position on poll #1 is now concur\./);
    expect(w.fake.ephemerals.find((e) => e.user === U.bob)?.text).toBe(pressReply.text);
    const afterConcur = await w.until(() => {
      const tally = blockText(cardOf(w, 1)!, "poll_tally");
      return tally === "*Tally*\n1 concur · 1 abstain · 0 object · 1 pending\n2 of 3 agencies responded (quorum 2)" && blockText(cardOf(w, 1)!, "poll_agencies").includes("*ESA* :white_check_mark: concur") && cardOf(w, 1);
    });
    expect(buttonsOf(afterConcur)).toHaveLength(3);
    expect(w.fake.callsTo("chat.update").every((call) => call.args.channel === GENERAL && call.args.ts === card.ts)).toBe(true);

    // The object button opens the modal; submitting it casts the objection with its reason.
    const objecting = await w.press({ actionId: "poll_object", value: "1", userId: U.carol, channelId: GENERAL, messageTs: card.ts });
    const modal = await w.until(() => w.fake.views.find((v) => v.triggerId === objecting.payload.trigger_id));
    expect(modal.userId).toBe(U.carol);
    expect(modal.view).toMatchObject({ type: "modal", callback_id: "card_question", title: { text: "Object to poll #1" } });
    expect((await positions(w, 1)).current.find((p) => p.agency === "JAXA")).toBeUndefined();

    const submitted = await w.submit(U.carol, modal.id, { reason: { reason_input: "Line 4 of the workplan is unfunded" } });
    expect(submitted.status).toBe(200);
    expect(submitted.ack ?? {}).toEqual({});
    expect((await positions(w, 1)).current).toEqual([
      { agency: "ESA", stance: "concur", reason: null },
      { agency: "JAXA", stance: "object", reason: "Line 4 of the workplan is unfunded" },
      { agency: "NASA", stance: "abstain", reason: null },
    ]);
    expect((await positions(w, 1)).history).toEqual([
      { agency: "NASA", stance: "abstain", platform: "slack" },
      { agency: "ESA", stance: "concur", platform: "slack" },
      { agency: "JAXA", stance: "object", platform: "slack" },
    ]);
    const confirmation = await w.until(() => w.fake.ephemerals.find((e) => e.user === U.carol && e.via === "chat.postEphemeral"));
    expect(confirmation.channel).toBe(GENERAL);
    expect(confirmation.text).toMatch(/^JAXA's position on poll #1 is now object\./);

    // Every agency has responded, but a standing objection keeps the poll open for discussion.
    const standing = await w.until(() => blockText(cardOf(w, 1)!, "poll_agencies").includes("*JAXA* :no_entry: object") && cardOf(w, 1));
    expect(buttonsOf(standing)).toHaveLength(3);
    expect(await w.deps.store.transaction((tx) => tx.polls.byId(1))).toMatchObject({ status: "open" });

    // The Secretariat closes it early: the card shows the outcome and no more buttons.
    await w.slash(U.secretariat, "/poll", "close id:1");
    const closedCard = await w.until(() => {
      const current = cardOf(w, 1)!;
      return JSON.stringify(current.blocks).includes("*Outcome*\\nnot adopted") && current;
    });
    expect(buttonsOf(closedCard)).toEqual([]);
    expect(blockText(closedCard, "poll_agencies")).toContain("*JAXA* :no_entry: object");
    expect(closedCard.history.length).toBeGreaterThanOrEqual(3);
    const closed = await w.deps.store.transaction((tx) => tx.polls.byId(1));
    expect(closed).toMatchObject({ status: "closed", outcome: "not adopted" });
  });

  it("refuses privately: a button from someone outside any delegation, and an objection shown on the modal", async () => {
    const w = await world(mode);
    await w.slash(U.secretariat, "/poll", 'open title:"Budget" closes:48h');
    const card = await w.until(() => cardOf(w, 1));

    const pressed = await w.press({ actionId: "poll_concur", value: "1", userId: U.outsider, channelId: GENERAL, messageTs: card.ts });
    const refusal = await w.until(() => w.fake.answers.find((p) => p.url === pressed.payload.response_url));
    expect(refusal).toMatchObject({ responseType: "ephemeral" });
    expect(refusal.text).toMatch(/^Only a representative of the agency concerned can set an agency's position\./);

    const objecting = await w.press({ actionId: "poll_object", value: "1", userId: U.outsider, channelId: GENERAL, messageTs: card.ts });
    const modal = await w.until(() => w.fake.views.find((v) => v.triggerId === objecting.payload.trigger_id));
    const submitted = await w.submit(U.outsider, modal.id, { reason: { reason_input: "No" } });
    expect(submitted.ack).toEqual({ response_action: "errors", errors: { reason: expect.stringMatching(/^Only a representative of the agency concerned can set an agency's position\./) } });

    expect((await positions(w, 1)).current).toEqual([]);
    expect(w.fake.callsTo("chat.postEphemeral")).toEqual([]);
  });

  it("refuses an objection form opened in another workspace (workspace_mismatch) and records nothing", async () => {
    const w = await world(mode);
    await w.slash(U.secretariat, "/poll", 'open title:"Budget" closes:48h');
    const card = await w.until(() => cardOf(w, 1));
    const objecting = await w.press({ actionId: "poll_object", value: "1", userId: U.carol, channelId: GENERAL, messageTs: card.ts });
    const modal = await w.until(() => w.fake.views.find((v) => v.triggerId === objecting.payload.trigger_id));
    // The form carries the team it was opened in; the same form as another workspace would have opened it.
    const opened = JSON.parse(String(modal.view.private_metadata)) as Record<string, unknown>;
    expect(opened.teamId).toBe(w.fake.teamId);
    const elsewhere = JSON.stringify({ ...opened, teamId: "T0OTHERTEAM" });

    const submitted = await w.submit(U.carol, modal.id, { reason: { reason_input: "Line 4 is unfunded" } }, elsewhere);
    expect(submitted.status).toBe(200);
    expect(submitted.ack).toEqual({ response_action: "errors", errors: { reason: expect.stringMatching(/^This form was opened in another workspace/) } });
    expect((await positions(w, 1)).current).toEqual([]);
    expect(w.fake.callsTo("chat.postEphemeral")).toEqual([]);

    // The form as it was opened, from its own workspace, is recorded.
    const again = await w.press({ actionId: "poll_object", value: "1", userId: U.carol, channelId: GENERAL, messageTs: card.ts });
    const ownModal = await w.until(() => w.fake.views.find((v) => v.triggerId === again.payload.trigger_id));
    expect((await w.submit(U.carol, ownModal.id, { reason: { reason_input: "Line 4 is unfunded" } })).ack ?? {}).toEqual({});
    expect((await positions(w, 1)).current).toEqual([{ agency: "JAXA", stance: "object", reason: "Line 4 is unfunded" }]);
  });

  it("casts a product concurrence from the confirmed button as endorsed", async () => {
    const w = await world(mode);
    await w.slash(U.secretariat, "/poll", 'open title:"Endorse the ice-sheet product" closes:7d kind:product');
    const card = await w.until(() => cardOf(w, 1));
    // The card model's action: the catalogue command with endorsed:true, behind Slack's own confirm dialog.
    const concur = buttonsOf(card)[0];
    expect(concur).toMatchObject({
      action_id: "poll_concur",
      value: "run:poll position id:1 stance:concur endorsed:true",
      confirm: { title: { text: "Internal endorsement" }, confirm: { text: "Concur, endorsed" }, deny: { text: "Cancel" } },
    });

    const pressed = await w.press({ actionId: "poll_concur", value: concur!.value!, userId: U.alice, channelId: GENERAL, messageTs: card.ts });
    const reply = await w.until(() => w.fake.answers.find((p) => p.url === pressed.payload.response_url));
    expect(reply.text).toMatch(/^NASA's position on poll #1 is now concur\./);
    const [position] = await w.deps.store.transaction((tx) => tx.polls.positions(1));
    expect(position).toMatchObject({ stance: "concur", endorsed: true });
  });

  it("returns an export inline, privately", async () => {
    const w = await world(mode);
    const exported = await w.slash(U.alice, "/export", "agencies format:csv");
    const reply = await w.until(() => w.fake.answers.find((p) => p.url === exported.payload.response_url));
    expect(reply.responseType).toBe("ephemeral");
    const [summary, fence, header, ...rows] = reply.text!.split("\n");
    expect(summary).toMatch(/^Exported 3 agencies as CSV: .+\.csv\.$/);
    expect(fence).toBe("```");
    expect(header).toMatch(/^code,name,status/);
    expect(rows.slice(0, -1).map((row) => row.split(",")[0]).sort()).toEqual(["ESA", "JAXA", "NASA"]);
    expect(rows.at(-1)).toBe("```");
  });

  it("explains a command given without text or with help, and refuses a bare name for a USER option", async () => {
    const w = await world(mode);
    const bare = await w.slash(U.alice, "/poll", "");
    const explained = await w.until(() => w.fake.answers.find((p) => p.url === bare.payload.response_url));
    expect(explained.responseType).toBe("ephemeral");
    expect(explained.text?.split("\n")[0]).toBe("/poll — Decide by consensus: open polls, take positions, close them");
    expect(explained.text).toContain("/poll position id:N stance:concur|abstain|object");

    const help = await w.slash(U.alice, "/poll", "help");
    expect((await w.until(() => w.fake.answers.find((p) => p.url === help.payload.response_url))).text).toBe(explained.text);

    const bareName = await w.slash(U.secretariat, "/delegate", "add agency:NASA user:dave");
    const refused = await w.until(() => w.fake.answers.find((p) => p.url === bareName.payload.response_url));
    expect(refused).toMatchObject({ responseType: "ephemeral" });
    expect(refused.text).toMatch(/^user: must mention a Slack user/);
    expect(await w.deps.store.transaction((tx) => tx.people.byHandle(w.group.id, "dave"))).toBeNull();
  });

  it("attaches no account id named in a command, and escapes what users type", async () => {
    const w = await world(mode);
    // The old form that attached any id to anyone is gone: nothing is linked.
    const link = await w.slash(U.secretariat, "/delegate", "link user:<@U0ALICE0001|alice> platform:discord id:123456789012345678");
    const refusedLink = await w.until(() => w.fake.answers.find((p) => p.url === link.payload.response_url));
    expect(refusedLink.text).toMatch(/has no option user:, id:/);
    const identities = await w.deps.store.transaction((tx) => tx.people.byIdentity(w.group.id, { platform: "discord", externalId: "123456789012345678" }));
    expect(identities).toBeNull();

    // A title that tries Slack markup (a channel-wide ping) is shown as text, in the reply and on the card.
    const opened = await w.slash(U.secretariat, "/poll", "open title:\"&lt;!channel&gt; wake up\" closes:7d");
    const reply = await w.until(() => w.fake.answers.find((p) => p.url === opened.payload.response_url));
    expect(reply.text).toContain("«&lt;!channel&gt; wake up»");
    expect(reply.text).not.toContain("<!channel>");
    const card = await w.until(() => cardOf(w, 1));
    expect(blockText(card, "poll_title")).toBe("*Poll #1* — &lt;!channel&gt; wake up");
    expect((await w.deps.store.transaction((tx) => tx.polls.byId(1)))?.title).toBe("<!channel> wake up");
  });
});
