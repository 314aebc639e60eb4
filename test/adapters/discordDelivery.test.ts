// The outbox on Discord: posts wait out rate limits as Discord tells them, a post retried after a
// crash is deduplicated by its nonce, permanent failures are parked at once, and a direct message to
// someone who does not accept them becomes a mention in the announcements channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Destination } from "../../src/core/outbox/message.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { bindChannel } from "../../src/core/setup/configureGroup.ts";
import { timeMarker } from "../../src/core/shared/markup.ts";
import { answerOf, startHarness, type Harness } from "./discordHarness.ts";

describe("Discord outbox delivery", () => {
  let h: Harness;
  let announcements: string;
  const postsTo = (channelId: string) => h.fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`);
  const enqueue = (key: string, text: string, audience: { kind: "channel"; purpose: "announcements" | "secretariat" }) =>
    h.deps.store.transaction((tx) => tx.outbox.enqueue({ groupId: h.group.id, idempotencyKey: key, audience, text, data: { event: "test" } }, h.deps.clock.now()));

  beforeAll(async () => {
    h = await startHarness({ fake: { users: [{ username: "operator" }, { username: "alice" }, { username: "bob", dmsClosed: true }] } });
    announcements = h.channelId("announcements");
    await bindChannel(h.deps, h.operator, announcements, "announcements");
    await addAgency(h.deps, h.operator, { code: "NASA", name: "NASA" });
    for (const name of ["alice", "bob"]) {
      await addDelegate(h.deps, h.operator, { agency: "NASA", user: { handle: name, identity: { platform: "discord", externalId: h.fake.user(name).id } } });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  it("waits out a 429 on posting the poll card as Discord asks, then posts it once", async () => {
    h.fake.failNext({ route: "POST /channels/:id/messages", status: 429, retryAfter: 0.8 });
    const opened = await answerOf(h.fake, h.fake.sendInteraction(h.fake.chatInput({ user: "operator", name: "poll", subcommand: "open", options: { title: "Rate limited", closes: "7d" } })).id);
    expect(opened.content).toMatch(/^Opened poll #1 «Rate limited»/);
    // The answer does not wait for the outbox.
    expect(opened.callback.elapsedMs).toBeLessThan(3000);

    const card = await h.fake.waitFor(() => h.fake.messagesIn(announcements).find((m) => m.content.includes("poll #1 «Rate limited»")), 10_000, "the card");
    await h.drained();
    const attempts = postsTo(announcements);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[1]!.receivedAt - attempts[0]!.receivedAt).toBeGreaterThanOrEqual(800);
    expect(h.fake.messagesIn(announcements).filter((m) => m.content.includes("«Rate limited»"))).toEqual([card]);
    const deliveries = await h.deps.store.transaction((tx) => tx.outbox.deliveries("poll:1:opened"));
    expect(deliveries).toEqual([expect.objectContaining({ status: "sent", ref: `${announcements}:${card.id}` })]);
    expect(await h.deps.store.transaction((tx) => tx.outbox.parked(h.group.id))).toEqual([]);
  });

  it("renders time markers as Discord timestamps and deduplicates a post retried after a crash by its nonce", async () => {
    const at = new Date("2030-03-01T10:00:00Z");
    await enqueue("test:crash", `Meeting on ${timeMarker(at)}`, { kind: "channel", purpose: "announcements" });
    const [queued] = await h.deps.store.transaction((tx) => tx.outbox.due(h.deps.clock.now(), 10));
    expect(queued?.idempotencyKey).toBe("test:crash");
    // Discord took the first attempt, but the process died before recording it.
    const destination: Destination = { kind: "channel", platform: "discord", channelId: announcements, purpose: "announcements" };
    const first = await h.bot.sender.post(queued!, destination);

    await h.drained();
    const posted = h.fake.messagesIn(announcements).filter((m) => m.content.startsWith("Meeting on"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.content).toBe(`Meeting on <t:${at.getTime() / 1000}:f>`);
    const deliveries = await h.deps.store.transaction((tx) => tx.outbox.deliveries("test:crash"));
    expect(deliveries).toEqual([expect.objectContaining({ status: "sent", ref: first })]);
    expect(postsTo(announcements).filter((r) => (r.body as { content?: string }).content?.startsWith("Meeting on"))).toHaveLength(2);
  });

  it("parks a message for a channel that no longer exists at once, and retries a server error later", async () => {
    await bindChannel(h.deps, h.operator, "100000000000000001", "secretariat");
    await enqueue("test:gone", "For a deleted channel", { kind: "channel", purpose: "secretariat" });
    await h.drained();
    const parked = await h.deps.store.transaction((tx) => tx.outbox.parked(h.group.id));
    expect(parked).toEqual([expect.objectContaining({ idempotencyKey: "test:gone", attempts: 1, lastError: expect.stringContaining("the channel no longer exists") })]);

    h.fake.failNext({ route: "POST /channels/:id/messages", status: 500, times: 3 });
    await enqueue("test:flaky", "Through a bad moment", { kind: "channel", purpose: "announcements" });
    await h.drained();
    expect(h.fake.pendingFaults).toBe(0);
    const later = await h.deps.store.transaction((tx) => tx.outbox.due(new Date(Date.now() + 120_000), 10));
    expect(later).toEqual([expect.objectContaining({ idempotencyKey: "test:flaky", attempts: 1 })]);
    expect((await h.deps.store.transaction((tx) => tx.outbox.parked(h.group.id))).map((m) => m.idempotencyKey)).toEqual(["test:gone"]);
    expect(h.fake.messagesIn(announcements).some((m) => m.content === "Through a bad moment")).toBe(false);
  });

  it("mentions a representative who does not accept direct messages in the announcements channel instead", async () => {
    const poll = await openPoll(h.deps, h.operator, { title: "Remind me", closesAt: new Date(Date.now() + 7 * 86_400_000) });
    if (!poll.ok) throw new Error("could not open the poll");
    const reminded = await answerOf(h.fake, h.fake.sendInteraction(h.fake.chatInput({ user: "operator", name: "poll", subcommand: "remind", options: { id: poll.value.id } })).id);
    expect(reminded.content).toBe("Reminded NASA.");
    await h.drained();

    const alice = h.fake.user("alice");
    const bob = h.fake.user("bob");
    const direct = h.fake.messagesIn(h.fake.dmChannelWith("alice")!.id);
    expect(direct.map((m) => m.content)).toEqual([expect.stringMatching(new RegExp(`^Reminder: poll #${poll.value.id} «Remind me» closes <t:\\d+:f> and NASA has not responded yet\\.`))]);
    expect(h.fake.requests.some((r) => r.status === 403 && r.path === `/channels/${h.fake.dmChannelWith("bob")!.id}/messages`)).toBe(true);
    const mention = h.fake.messagesIn(announcements).filter((m) => m.content.startsWith(`<@${bob.id}> Reminder: poll #${poll.value.id}`));
    expect(mention).toHaveLength(1);
    expect((mention[0]!.revisions[0] as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ users: [bob.id] });
    expect(h.fake.messagesIn(announcements).some((m) => m.content.includes(`<@${alice.id}>`))).toBe(false);
    expect(await h.deps.store.transaction((tx) => tx.outbox.parked(h.group.id))).toEqual([expect.objectContaining({ idempotencyKey: "test:gone" })]);
  });
});
