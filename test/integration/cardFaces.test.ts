// Two replicas redrawing one poll card, each with its own connection to the database and its own
// Slack and Discord senders, against the fake platforms: the card ends on the latest tally when the
// tally goes X → Y → X and the replicas take turns. With what a card showed kept in each process's
// memory, replica A (which drew X) skipped the last redraw, since it still remembered X, and the card
// was left on Y, drawn by replica B. And when an edit outlived its lease and landed after the newer
// edit of the replica that took the card over, whichever face was recorded last is not what the card
// shows: none is kept, so the redraw queued after the lapsed one is sent (a last-write-wins record
// failed this). Real senders, Bolt's WebClient, discord.js's REST, real database (SQLite, and
// PostgreSQL in the suite-postgres project).
import { webApi, type Logger as BoltLogger } from "@slack/bolt";
import Database from "better-sqlite3";
import { REST } from "discord.js";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DiscordSender } from "../../src/adapters/discord/sender.ts";
import { singleWorkspace } from "../../src/adapters/slack/installations.ts";
import { SlackSender } from "../../src/adapters/slack/sender.ts";
import type { Deps } from "../../src/core/deps.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { DeliveryError, type Sender } from "../../src/core/outbox/message.ts";
import { changeFace } from "../../src/core/outbox/messageFace.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { bindAnnouncements } from "../support/governance.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";

const BOT_TOKEN = "xoxb-card-faces";
const SLACK_CHANNEL = "C0CARDS";
const silentBolt: BoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface World {
  g: TestGroup;
  slack: FakeSlack;
  discord: FakeDiscord;
  discordChannel: string;
  /** One replica: its own database connection and its own senders. */
  replica(name: string): Promise<Replica>;
}

interface Replica {
  deliver: (leaseMs?: number) => Promise<number>;
  sent: () => { slack: number; discord: number };
  /**
   * Holds this replica's next chat.update before it is sent (`before`) or after Slack answered it
   * (`after`), until `release`; the call itself goes to the fake Slack through Bolt's client unchanged.
   */
  holdSlackEdit(when: "before" | "after"): { reached: Promise<void>; release: () => void };
}

/** A gate that a held call waits at. */
function gate() {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { reached, reach, released, release };
}

async function world(): Promise<World> {
  const g = await buildGroup({ agencies: 3 });
  cleanups.push(() => g.cleanup());
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "s", teamId: "T0CARDS", channels: [{ id: SLACK_CHANNEL, name: "announcements" }] });
  cleanups.push(() => slack.close());
  const discord = await startFakeDiscord();
  cleanups.push(() => discord.close());
  const discordChannel = discord.channel("general").id;
  await bindAnnouncements(g, "slack", SLACK_CHANNEL);
  await bindAnnouncements(g, "discord", discordChannel);
  const replica = async (name: string) => {
    const db = await openDatabase(g.dbPath);
    cleanups.push(() => db.close());
    const deps: Deps = { store: db.store, clock: g.clock };
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, logger: silentBolt });
    const slackSender = new SlackSender(singleWorkspace(client), deps, silentBolt);
    let held: { when: "before" | "after"; gate: ReturnType<typeof gate> } | null = null;
    const update = client.chat.update.bind(client.chat);
    client.chat.update = (async (args: Parameters<typeof update>[0]) => {
      const hold = held;
      held = null;
      if (hold?.when === "before") {
        hold.gate.reach();
        await hold.gate.released;
      }
      const answer = await update(args);
      if (hold?.when === "after") {
        hold.gate.reach();
        await hold.gate.released;
      }
      return answer;
    }) as typeof client.chat.update;
    const discordSender = new DiscordSender(new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token), deps, pino({ level: "silent" }));
    const senders: Sender[] = [slackSender, discordSender];
    const counts = { slack: 0, discord: 0 };
    const updates = () => ({ slack: slack.callsTo("chat.update").length, discord: discord.requests.filter((r) => r.method === "PATCH").length });
    return {
      deliver: async (leaseMs?: number) => {
        const before = updates();
        const delivered = await deliverOutbox(deps, senders, { worker: name, ...(leaseMs ? { leaseMs } : {}) });
        const after = updates();
        counts.slack += after.slack - before.slack;
        counts.discord += after.discord - before.discord;
        return delivered;
      },
      sent: () => ({ ...counts }),
      holdSlackEdit: (when: "before" | "after") => {
        const g = gate();
        held = { when, gate: g };
        return { reached: g.reached, release: g.release };
      },
    };
  };
  return { g, slack, discord, discordChannel, replica };
}

describe("a poll card redrawn by replicas in turn while the tally goes X → Y → X", () => {
  it("ends on the latest tally on Slack and on Discord, and a redraw that changes nothing is still skipped by either", async () => {
    const w = await world();
    const { g } = w;
    const a = await w.replica("replica-a");
    const b = await w.replica("replica-b");
    const poll = must(await openPoll(g.deps, g.operator, { title: "Budget 2027", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
    const nasa = g.agencies[0]!.representatives[0]!;
    const cast = async (stance: Stance) => must(await castPosition(g.deps, nasa, { pollId: poll.id, stance }));
    const shown = () => {
      const slackCards = w.slack.messagesIn(SLACK_CHANNEL);
      const discordCards = w.discord.messagesIn(w.discordChannel);
      expect(slackCards).toHaveLength(1);
      expect(discordCards).toHaveLength(1);
      return { slack: JSON.stringify(slackCards[0]!.blocks), discord: JSON.stringify({ embeds: discordCards[0]!.embeds, components: discordCards[0]!.components }) };
    };

    expect(await a.deliver()).toBeGreaterThan(0); // A posts the card
    await cast("concur");
    await a.deliver(); // A redraws it: X
    const x = shown();
    await cast("abstain");
    await b.deliver(); // B redraws it: Y
    const y = shown();
    expect(y.slack).not.toBe(x.slack);
    expect(y.discord).not.toBe(x.discord);
    await cast("concur");
    await a.deliver(); // A redraws it: X again, though A last drew X itself
    expect(shown()).toEqual(x);
    expect(a.sent()).toEqual({ slack: 2, discord: 2 });
    expect(b.sent()).toEqual({ slack: 1, discord: 1 });

    // The same tally again, redrawn by B, which never drew X: nothing to send on either platform.
    await cast("concur");
    expect(await b.deliver()).toBe(1);
    expect(shown()).toEqual(x);
    expect(b.sent()).toEqual({ slack: 1, discord: 1 });
  });

  it("ends on the latest tally on Slack when an edit that outlived its lease lands after the newer one of the replica that took it over", async () => {
    const w = await world();
    const { g } = w;
    const a = await w.replica("replica-a");
    const b = await w.replica("replica-b");
    const LEASE_MS = 60_000; // on the test's clock, which is moved past it; the renewal timer (a third of it) never fires
    const poll = must(await openPoll(g.deps, g.operator, { title: "Budget 2027", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
    const nasa = g.agencies[0]!.representatives[0]!;
    const cast = async (stance: Stance) => must(await castPosition(g.deps, nasa, { pollId: poll.id, stance }));
    const slackCard = () => JSON.stringify(w.slack.messagesIn(SLACK_CHANNEL)[0]!.blocks);
    await a.deliver(LEASE_MS);

    // A draws X and stalls before its chat.update goes out, past its lease.
    await cast("concur");
    const aHeld = a.holdSlackEdit("before");
    const aDone = a.deliver(LEASE_MS);
    await aHeld.reached;
    g.clock.advance(LEASE_MS + 1_000);
    // B takes the card over and sends Y, which lands; B is slow to record it.
    await cast("abstain");
    const bHeld = b.holdSlackEdit("after");
    const bDone = b.deliver(LEASE_MS);
    await bHeld.reached;
    const y = slackCard();
    // A's X lands after B's Y, and A records X before B records Y: the face recorded last is not
    // what the card shows, so it must not be kept.
    aHeld.release();
    await aDone;
    expect(slackCard()).not.toBe(y);
    bHeld.release();
    await bDone;
    // A's edit outlived its lease, so one more redraw was queued: it finds no face and sends Y.
    await b.deliver(LEASE_MS);
    expect(slackCard()).toBe(y);
    expect(await g.deps.store.transaction((tx) => tx.outbox.due(new Date(g.clock.now().getTime() + 3_600_000), 10))).toEqual([]);
  });
});

describe("a face the database cannot read or write", () => {
  /** Drops the faces' table through a connection of its own: the next statement on it fails for real. */
  const dropFaces = (g: TestGroup) => {
    const raw = new Database(g.dbPath);
    raw.exec('DROP TABLE "MessageFace"');
    raw.close();
  };

  it("fails the change as a delivery to retry, before the platform is called, when the face cannot be read", async () => {
    const g = await buildGroup({ database: "sqlite" });
    cleanups.push(() => g.cleanup());
    dropFaces(g);
    let called = 0;
    const changed = changeFace(g.deps, "slack", "C1:1.0", "X", async () => void called++, () => {});
    await expect(changed).rejects.toThrow(DeliveryError);
    await expect(changed).rejects.toThrow(/face of slack message C1:1\.0 could not be read/);
    expect(called).toBe(0);
  });

  it("keeps a change that went out when its face cannot be recorded, and says so", async () => {
    const g = await buildGroup({ database: "sqlite" });
    cleanups.push(() => g.cleanup());
    const warnings: string[] = [];
    const sent = await changeFace(g.deps, "slack", "C1:1.0", "X", async () => dropFaces(g), (line) => warnings.push(line));
    expect(sent).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/face of slack message C1:1\.0 was not recorded .*its next change will be sent/s)]);
  });
});
