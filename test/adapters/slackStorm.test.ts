// A storm of votes on one poll card: every press is acknowledged, each is applied exactly once, and
// the card ends on the final tally with its redraws coalesced.
//
// Ack latency is not asserted here: the fake Slack runs in the test's own process, so its client side
// waits on the same event loop as the bot's synchronous SQLite work, and its timings measure the test
// harness more than the adapter. (Measured with the client in another process, a burst of 200 requests
// each followed by 50 ms of synchronous work was acknowledged within about one second.)
import { afterEach, describe, expect, it } from "vitest";
import { GENERAL, startSlackWorld, U, type SlackWorld } from "./slackHarness.ts";

const PRESSES = 40;
let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

type Block = { block_id?: string; text?: { text: string } };
/** The poll card, not the in-channel reply to /poll open that shares the channel. */
const cardIn = (world: SlackWorld) => world.fake.messagesIn(GENERAL).find((m) => (m.blocks as Block[] | undefined)?.some((b) => b.block_id === "poll_tally"));
const tallyOf = (world: SlackWorld) => (cardIn(world)?.blocks as Block[] | undefined)?.find((b) => b.block_id === "poll_tally")?.text?.text ?? "";

describe("the Slack adapter under a storm of button presses", () => {
  it(`applies each of ${PRESSES} concurrent presses once and ends on the right tally`, { timeout: 300_000 }, async () => {
    w = await startSlackWorld({ mode: "http" });
    const world = w;
    await world.slash(U.secretariat, "/poll", 'open title:"Storm" closes:7d');
    const card = await world.until(() => cardIn(world));

    // NASA's head keeps concurring and ESA's representative keeps abstaining; JAXA stays silent, so the poll stays open.
    const presses = Array.from({ length: PRESSES }, (_, i) =>
      world.fake.http.blockAction(
        world.url,
        { actionId: i % 2 === 0 ? "poll_concur" : "poll_abstain", value: "1", userId: i % 2 === 0 ? U.alice : U.bob, channelId: GENERAL, messageTs: card.ts },
        { timeoutMs: 120_000 },
      ),
    );
    const delivered = await Promise.all(presses);
    expect(delivered.map((d) => d.status)).toEqual(delivered.map(() => 200));

    await expect
      .poll(async () => (await world.deps.store.transaction((tx) => tx.polls.history(1))).length, { timeout: 120_000, interval: 250 })
      .toBe(PRESSES);
    const current = await world.deps.store.transaction((tx) => tx.polls.positions(1));
    expect(current.map((p) => p.stance).sort()).toEqual(["abstain", "concur"]);
    await world.until(() => tallyOf(world).startsWith("*Tally*\n1 concur · 1 abstain · 0 object · 1 pending\n2 of 3 agencies responded"), 60_000);
    await world.until(() => world.fake.answers.length === PRESSES + 1, 60_000);
    // Redraws read the live state and skip what the card already shows: far fewer updates than votes.
    expect(world.fake.callsTo("chat.update").length).toBeLessThan(PRESSES / 4);
  });
});
