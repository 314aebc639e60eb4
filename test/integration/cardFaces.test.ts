// Two replicas redrawing one poll card, each with its own connection to the database and its own
// Slack and Discord senders, against the fake platforms: the card ends on the latest tally when the
// tally goes X → Y → X and the replicas take turns. With what a card showed kept in each process's
// memory, replica A (which drew X) skipped the last redraw, since it still remembered X, and the card
// was left on Y, drawn by replica B. Real senders, Bolt's WebClient, discord.js's REST, real database
// (SQLite, and PostgreSQL in the suite-postgres project).
import { webApi, type Logger as BoltLogger } from "@slack/bolt";
import { REST } from "discord.js";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DiscordSender } from "../../src/adapters/discord/sender.ts";
import { SlackSender } from "../../src/adapters/slack/sender.ts";
import type { Deps } from "../../src/core/deps.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import type { Sender } from "../../src/core/outbox/message.ts";
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
  replica(name: string): Promise<{ deliver: () => Promise<number>; sent: () => { slack: number; discord: number } }>;
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
    const slackSender = new SlackSender(new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, logger: silentBolt }), deps, silentBolt);
    const discordSender = new DiscordSender(new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token), deps, pino({ level: "silent" }));
    const senders: Sender[] = [slackSender, discordSender];
    const counts = { slack: 0, discord: 0 };
    const updates = () => ({ slack: slack.callsTo("chat.update").length, discord: discord.requests.filter((r) => r.method === "PATCH").length });
    return {
      deliver: async () => {
        const before = updates();
        const delivered = await deliverOutbox(deps, senders, { worker: name });
        const after = updates();
        counts.slack += after.slack - before.slack;
        counts.discord += after.discord - before.discord;
        return delivered;
      },
      sent: () => ({ ...counts }),
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
});
