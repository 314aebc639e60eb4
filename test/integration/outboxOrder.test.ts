// An edit or a retraction never overtakes the post it changes: while the post is still being retried at
// a destination, the change waits there (it is not a failure), and once the post is given up, so is the
// change, with a reason that says what to retry. Real core and dispatcher on SQLite, recording senders.
import { afterEach, describe, expect, it } from "vitest";
import { editAnnouncement } from "../../src/core/announcements/editAnnouncement.ts";
import { postAnnouncement } from "../../src/core/announcements/postAnnouncement.ts";
import { retractAnnouncement } from "../../src/core/announcements/retractAnnouncement.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { pollCardKey } from "../../src/core/polls/pollText.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { listParked, retryParked } from "../../src/core/outbox/manageOutbox.ts";
import { DeliveryError, type Destination, type QueuedMessage } from "../../src/core/outbox/message.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { bindAnnouncements, RecordingSender } from "../support/governance.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

/** A recording sender whose posts fail while `failing` returns an error. */
class FlakySender extends RecordingSender {
  failing: (() => Error) | null = null;
  failingEdits: (() => Error) | null = null;
  override async post(message: QueuedMessage, destination: Destination): Promise<string> {
    if (this.failing) throw this.failing();
    return super.post(message, destination);
  }
  override async edit(message: QueuedMessage, destination: Destination, ref: string): Promise<void> {
    if (this.failingEdits) throw this.failingEdits();
    return super.edit(message, destination, ref);
  }
}

function message(key: string) {
  const [row] = g.rows<{ id: number; status: string; attempts: number; lastError: string | null; nextAttemptAt: number }>(
    `SELECT id, status, attempts, lastError, nextAttemptAt FROM OutboxMessage WHERE idempotencyKey = ?`,
    key,
  );
  if (!row) throw new Error(`no message ${key}`);
  return { ...row, nextAttemptAt: new Date(row.nextAttemptAt) };
}

/** Slack takes posts; Discord fails them until told otherwise. Slack's channel is bound first, so it is served first. */
async function twoPlatforms() {
  g = await buildGroup();
  await bindAnnouncements(g, "slack", "ann-s");
  await bindAnnouncements(g, "discord", "ann-d");
  const slack = new FlakySender("slack");
  const discord = new FlakySender("discord");
  const deliver = () => deliverOutbox(g.deps, [slack, discord]);
  return { slack, discord, deliver };
}

const ops = (sender: RecordingSender) => sender.calls.map((c) => [c.op, c.key, c.ref]);

describe("an edit or a retraction of a post still being retried", () => {
  it("edits where the post went, waits where it has not gone yet, and follows the post there once it is delivered", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Plenary in Tokyo" }));
    discord.failing = () => new Error("socket hang up");
    await deliver();
    const post = message(`announcement:${a.id}`);
    expect(post).toMatchObject({ status: "pending", attempts: 1 });

    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Plenary in Kyoto" }));
    const editKey = `announcement:${a.id}:edit:1`;
    expect(await deliver()).toBe(0);

    // Slack has the post, so it has the edit; Discord has neither, and the edit waits for the post without failing.
    expect(ops(slack)).toEqual([
      ["post", `announcement:${a.id}`, "slack-msg-1"],
      ["edit", editKey, "slack-msg-1"],
    ]);
    expect(ops(discord)).toEqual([]);
    expect(message(editKey)).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect(message(editKey).nextAttemptAt).toEqual(post.nextAttemptAt);

    discord.failing = null;
    g.clock.set(post.nextAttemptAt);
    expect(await deliver()).toBe(2);
    expect(ops(discord)).toEqual([
      ["post", `announcement:${a.id}`, "discord-msg-1"],
      ["edit", editKey, "discord-msg-1"],
    ]);
    expect(ops(slack)).toHaveLength(2); // Slack is not edited twice
    expect(message(editKey).status).toBe("sent");
  });

  it("stops a retracted post still going out, and removes it where it already went", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Wrong room" }));
    discord.failing = () => new DeliveryError("rate limited", 5_000);
    expect(await deliver()).toBe(0); // on Slack; Discord to be retried

    must(await retractAnnouncement(g.deps, g.operator, a.id));
    const retractKey = `announcement:${a.id}:retract`;
    expect(await deliver()).toBe(0); // taken down on Slack; the removal waits for the post's retry
    expect(ops(slack)).toEqual([
      ["post", `announcement:${a.id}`, "slack-msg-1"],
      ["remove", retractKey, "slack-msg-1"],
    ]);
    expect(message(retractKey)).toMatchObject({ status: "pending", attempts: 0 });

    discord.failing = null;
    g.clock.advance(5_000);
    expect(await deliver()).toBe(2);
    // Discord never shows it, and Slack is not asked twice.
    expect(discord.calls).toEqual([]);
    expect(ops(slack)).toHaveLength(2);
    expect(message(retractKey).status).toBe("sent");
  });

  it("is parked with the post when the post is given up, says why, and goes out once both are retried", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Plenary in Tokyo" }));
    discord.failing = () => new DeliveryError("Missing Access", undefined, true);
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Plenary in Kyoto" }));
    await deliver();

    const postKey = `announcement:${a.id}`;
    const editKey = `announcement:${a.id}:edit:1`;
    expect(message(postKey)).toMatchObject({ status: "parked", lastError: "Missing Access" });
    expect(message(editKey).status).toBe("parked");
    expect(message(editKey).lastError).toContain(`#${message(postKey).id}`);
    expect(message(editKey).lastError).toContain("/outbox retry");
    expect(ops(slack).map((c) => c[0])).toEqual(["post", "edit"]);
    const parked = must(await listParked(g.deps, g.operator)).map((m) => m.idempotencyKey);
    expect(parked).toEqual([postKey, editKey]);

    discord.failing = null;
    must(await retryParked(g.deps, g.operator, message(postKey).id));
    must(await retryParked(g.deps, g.operator, message(editKey).id));
    expect(await deliver()).toBe(2);
    expect(ops(discord)).toEqual([
      ["post", postKey, "discord-msg-1"],
      ["edit", editKey, "discord-msg-1"],
    ]);
    expect(ops(slack).map((c) => c[0])).toEqual(["post", "edit"]);
  });

  it("does not park a poll card's redraws with the card: they have nothing to add where the card never went", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    discord.failing = () => new DeliveryError("Missing Access", undefined, true);
    const poll = must(await openPoll(g.deps, g.operator, { title: "Budget", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
    for (const stance of ["concur", "abstain", "concur"] as const) must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance }));
    await deliver();

    expect(message(pollCardKey(poll.id)).status).toBe("parked");
    // Only the card itself waits for the operator; each vote's redraw reached Slack and is done.
    expect(must(await listParked(g.deps, g.operator)).map((m) => m.idempotencyKey)).toEqual([pollCardKey(poll.id)]);
    // The three votes' redraws were delivered together: the last one drew the card once.
    expect(ops(slack).filter((c) => c[0] === "edit")).toHaveLength(1);
    expect(discord.calls).toEqual([]);
  });

  it("draws a card once for the redraws of a burst delivered together, and each redraw is done", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    const poll = must(await openPoll(g.deps, g.operator, { title: "Budget", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
    await deliver();
    for (const stance of ["concur", "abstain", "concur", "abstain"] as const) must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance }));
    expect(await deliver()).toBe(4);
    expect(ops(slack).filter((c) => c[0] === "edit").map((c) => c[1])).toEqual([expect.stringMatching(/^position:4:tally$/)]);
    expect(ops(discord).filter((c) => c[0] === "edit")).toHaveLength(1);
    const redraws = g.rows<{ status: string }>(`SELECT status FROM OutboxMessage WHERE idempotencyKey LIKE 'position:%:tally'`);
    expect(redraws.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
    // A vote after the burst is drawn again.
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur" }));
    expect(await deliver()).toBe(1);
    expect(ops(slack).filter((c) => c[0] === "edit")).toHaveLength(2);
  });

  it("does not let an edit retried after a later one put the older text back", async () => {
    const { slack, discord, deliver } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Plenary in Tokyo" }));
    await deliver();

    discord.failingEdits = () => new DeliveryError("server error", 30_000);
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Plenary in Kyoto" }));
    await deliver();
    discord.failingEdits = null;
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Plenary in Osaka" }));
    await deliver();
    g.clock.advance(30_000);
    await deliver();

    const first = `announcement:${a.id}:edit:1`;
    const second = `announcement:${a.id}:edit:2`;
    expect(message(first).status).toBe("sent");
    // Discord shows the later text: the first edit, retried after the second went through, was not applied there.
    expect(discord.calls.filter((c) => c.op === "edit").map((c) => c.key)).toEqual([second]);
    expect(slack.calls.filter((c) => c.op === "edit").map((c) => c.key)).toEqual([first, second]);
  });
});
