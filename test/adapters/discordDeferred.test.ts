// When an answer cannot be ready within Discord's window, the interaction is deferred first and
// answered afterwards. A deferral's visibility is fixed when it is sent, so the bot defers privately:
// a refusal stays private, and a public answer is posted for the channel after the private note.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { bindChannel } from "../../src/core/setup/configureGroup.ts";
import type { FakeDiscord, InteractionHandle } from "../fakes/discord/index.ts";
import { EPHEMERAL, startHarness, type Harness } from "./discordHarness.ts";

/** Every message the interaction produced, in order, once the bot has finished answering. */
async function messagesOf(fake: FakeDiscord, handle: InteractionHandle, count: number) {
  return fake.waitFor(
    () => {
      // A component's deferred update points @original at the card it came from, which is not an answer.
      const original = handle.record.type === 2 ? [handle.record.originalMessageId] : [];
      const ids = [...original, ...handle.record.followUpMessageIds].filter((id): id is string => id !== null);
      const messages = ids.map((id) => fake.messages.find((m) => m.id === id)!).filter((m) => !(m.flags & (1 << 7)));
      return messages.length >= count ? messages.map((m) => ({ content: m.content, ephemeral: Boolean(m.flags & EPHEMERAL) })) : null;
    },
    10_000,
    `${count} messages for interaction ${handle.id}`,
  );
}

describe.each([
  // A transaction holds the database until the bot has acknowledged, so the command cannot finish
  // within the budget however fast or slow the machine is.
  { when: "the database is slow", policy: { deferAfterMs: 100 }, slowDatabase: true },
  { when: "many commands are already queued", policy: { busyAt: 0 }, slowDatabase: false },
])("Discord adapter, deferred answers: $when", ({ policy, slowDatabase }) => {
  let h: Harness;
  let pollId: number;
  const send = (payload: Parameters<FakeDiscord["sendInteraction"]>[0]) => {
    const handle = h.fake.sendInteraction(payload);
    if (slowDatabase) void h.deps.store.transaction(() => handle.waitForCallback(20_000).then(() => undefined));
    return handle;
  };

  beforeAll(async () => {
    h = await startHarness({ bot: { policy } });
    await bindChannel(h.deps, h.operator, h.channelId("announcements"), "announcements");
    await addAgency(h.deps, h.operator, { code: "NASA", name: "NASA" });
    await addAgency(h.deps, h.operator, { code: "ESA", name: "ESA" });
    await addDelegate(h.deps, h.operator, { agency: "NASA", user: { handle: "alice", identity: { platform: "discord", externalId: h.fake.user("alice").id } } });
    const poll = await openPoll(h.deps, h.operator, { title: "Deferred", closesAt: new Date(Date.now() + 86_400_000) });
    if (!poll.ok) throw new Error("could not open the poll");
    pollId = poll.value.id;
    await h.drained();
  });

  afterAll(async () => {
    await h?.close();
  });

  it("defers a slash command privately, then posts a public answer for the channel", async () => {
    const handle = send(h.fake.chatInput({ user: "alice", name: "poll", subcommand: "position", options: { id: pollId, stance: "abstain" } }));
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(5);
    expect(callback.data).toMatchObject({ flags: EPHEMERAL });
    expect(await messagesOf(h.fake, handle, 2)).toEqual([
      { content: "Done. The answer is posted in this channel for everyone.", ephemeral: true },
      { content: expect.stringMatching(new RegExp(`^NASA's position on poll #${pollId} is now abstain\\.`)), ephemeral: false },
    ]);
  });

  it("keeps a refusal private after a deferral", async () => {
    const handle = send(h.fake.chatInput({ user: "carol", name: "poll", subcommand: "close", options: { id: pollId } }));
    expect((await handle.waitForCallback()).type).toBe(5);
    const messages = await messagesOf(h.fake, handle, 1);
    expect(messages).toEqual([{ content: expect.stringMatching(/^Only the Secretariat or the chair can close a poll/), ephemeral: true }]);
    expect(handle.record.followUpMessageIds).toEqual([]);
  });

  it("acknowledges a button without a visible placeholder and confirms privately", async () => {
    const card = h.fake.messagesIn(h.channelId("announcements")).find((m) => m.embeds.length > 0)!;
    const handle = send(h.fake.button({ user: "alice", customId: `poll:${pollId}:concur`, message: card }));
    expect((await handle.waitForCallback()).type).toBe(6);
    expect(await messagesOf(h.fake, handle, 1)).toEqual([{ content: expect.stringMatching(/^NASA's position on poll #\d+ is now concur \(was abstain\)\./), ephemeral: true }]);
  });
});
