// The outbox delivered to the fake Slack through the adapter's sender: cards, edits, direct messages,
// rate limits and refusals, with the delivery state as the database records it.
import { afterEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/core/access/actor.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { pollCardKey } from "../../src/core/polls/pollText.ts";
import { remindPoll } from "../../src/core/polls/remindPoll.ts";
import { GENERAL, startSlackWorld, TEST_TIMEOUT_MS, U, type SlackWorld } from "./slackHarness.ts";

const worlds: SlackWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** The adapter in HTTP mode, without the ticking runtime: each test delivers the outbox itself. */
async function world(): Promise<SlackWorld> {
  const started = await startSlackWorld({ mode: "http", runtime: false });
  worlds.push(started);
  return started;
}

const slackCaller = (w: SlackWorld, userId: string): Caller => ({ groupId: w.group.id, platform: "slack", externalId: userId });
const deliver = (w: SlackWorld) => deliverOutbox(w.deps, [w.adapter.sender]);

async function openOne(w: SlackWorld, title = "Budget 2027"): Promise<number> {
  const opened = await openPoll(w.deps, slackCaller(w, U.secretariat), { title, closesAt: new Date(Date.now() + 7 * 86_400_000) });
  if (!opened.ok) throw new Error(`openPoll refused: ${opened.refusal.reason}`);
  return opened.value.id;
}

const outboxState = (w: SlackWorld, key: string) =>
  w.deps.store.transaction(async (tx) => ({
    deliveries: await tx.outbox.deliveries(key),
    due: (await tx.outbox.due(new Date(Date.now() + 365 * 86_400_000), 100)).map((m) => m.idempotencyKey),
    parked: (await tx.outbox.parked(w.group.id)).map((m) => ({ key: m.idempotencyKey, error: m.lastError, attempts: m.attempts })),
  }));

describe("the Slack sender", { timeout: TEST_TIMEOUT_MS }, () => {
  it("waits out a 429 on chat.postMessage and posts the card once", async () => {
    const w = await world();
    const pollId = await openOne(w);
    const fault = w.fake.failNext({ method: "chat.postMessage", error: "ratelimited", retryAfter: 1 });

    expect(await deliver(w)).toBe(1);

    const attempts = w.fake.callsTo("chat.postMessage");
    expect(attempts.map((call) => call.httpStatus)).toEqual([429, 200]);
    expect(attempts[1]!.time - attempts[0]!.time).toBeGreaterThanOrEqual(950);
    expect(fault.hits).toBe(1);
    expect(w.fake.messagesIn(GENERAL)).toHaveLength(1);
    const state = await outboxState(w, pollCardKey(pollId));
    expect(state.deliveries).toEqual([
      { destination: { kind: "channel", platform: "slack", channelId: GENERAL, purpose: "announcements" }, status: "sent", ref: `${GENERAL}:${w.fake.messagesIn(GENERAL)[0]!.ts}` },
    ]);
    expect(state.due).toEqual([]);
    expect(state.parked).toEqual([]);
  });

  it("parks a message Slack refuses for good (channel_not_found), and retries one it failed transiently", async () => {
    const w = await world();
    const first = await openOne(w, "Refused");
    w.fake.failNext({ method: "chat.postMessage", error: "channel_not_found" });
    await deliver(w);
    expect(w.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect((await outboxState(w, pollCardKey(first))).parked).toEqual([
      { key: pollCardKey(first), error: "Slack refused chat.postMessage: channel_not_found", attempts: 1 },
    ]);

    const second = await openOne(w, "Transient");
    w.fake.failNext({ method: "chat.postMessage", error: "internal_error" });
    await deliver(w);
    const state = await outboxState(w, pollCardKey(second));
    expect(state.parked.map((p) => p.key)).toEqual([pollCardKey(first)]);
    expect(state.due).toEqual([pollCardKey(second)]);
    expect(w.fake.messagesIn(GENERAL)).toEqual([]);
  });

  it("redraws the card once for a burst of votes, with the latest tally", async () => {
    const w = await world();
    const pollId = await openOne(w);
    await deliver(w);
    const card = w.fake.messagesIn(GENERAL)[0]!;

    await castPosition(w.deps, slackCaller(w, U.alice), { pollId, stance: "concur" });
    await castPosition(w.deps, slackCaller(w, U.bob), { pollId, stance: "abstain" });
    expect(await deliver(w)).toBe(2);

    const updates = w.fake.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: GENERAL, ts: card.ts });
    const blocks = w.fake.messagesIn(GENERAL)[0]!.blocks as { block_id?: string; text?: { text: string } }[];
    const text = (id: string) => blocks.find((b) => b.block_id === id)!.text!.text;
    expect(text("poll_tally").split("\n")).toEqual(["*Tally*", "1 concur · 1 abstain · 0 object · 1 pending", "2 of 3 agencies responded (quorum 2)"]);
    expect(text("poll_agencies").split("\n")).toEqual([
      "*Agencies*",
      "*ESA* :heavy_minus_sign: abstain",
      "*JAXA* :hourglass_flowing_sand: no position yet",
      "*NASA* :white_check_mark: concur",
    ]);
  });

  it("reminds each agency's representatives by direct message", async () => {
    const w = await world();
    const pollId = await openOne(w, "Workplan");
    await castPosition(w.deps, slackCaller(w, U.bob), { pollId, stance: "concur" });
    const reminded = await remindPoll(w.deps, slackCaller(w, U.secretariat), pollId);
    expect(reminded.ok && reminded.value.reminded.sort()).toEqual(["JAXA", "NASA"]);
    await deliver(w);

    expect(w.fake.callsTo("conversations.open").map((call) => call.args.users).sort()).toEqual([U.alice, U.carol].sort());
    for (const [userId, code] of [[U.alice, "NASA"], [U.carol, "JAXA"]] as const) {
      const dm = w.fake.callsTo("conversations.open").find((call) => call.args.users === userId)!.response as { channel: { id: string } };
      const [message] = w.fake.messagesIn(dm.channel.id);
      expect(message?.text).toMatch(new RegExp(`^Reminder: poll #${pollId} «Workplan» closes <!date\\^\\d+\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+> and ${code} has not responded yet\\.`));
    }
    expect(w.fake.callsTo("conversations.open").some((call) => call.args.users === U.bob)).toBe(false);
  });

  it("deletes a posted message, and treats one already gone as deleted", async () => {
    const w = await world();
    const pollId = await openOne(w);
    await deliver(w);
    const card = w.fake.messagesIn(GENERAL)[0]!;
    const retract = (key: string) =>
      w.deps.store.transaction((tx) =>
        tx.outbox.enqueue({ groupId: w.group.id, idempotencyKey: key, audience: { kind: "channel", purpose: "announcements" }, text: "", action: "delete", target: pollCardKey(pollId) }, new Date()),
      );

    await retract("retract-1");
    await deliver(w);
    expect(w.fake.deletedMessages.map((m) => m.ts)).toEqual([card.ts]);

    await retract("retract-2");
    await deliver(w);
    expect(w.fake.callsTo("chat.delete").map((call) => call.response.error ?? "ok")).toEqual(["ok", "message_not_found"]);
    expect((await outboxState(w, "retract-2")).parked).toEqual([]);
    expect((await outboxState(w, "retract-2")).due).toEqual([]);
  });
});
