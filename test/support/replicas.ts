// Bot replicas as an operator runs them behind a load balancer: several `npm start` processes
// (node --import tsx src/main.ts) on one PostgreSQL database, each with its own port, all speaking to
// one fake Slack in HTTP mode and, when given one, one fake Discord in HTTP interactions mode
// (DISCORD_PUBLIC_KEY, no gateway: any replica takes any interaction). Shared by the replica bench
// (bench/replicas.bench.ts) and the chaos storm (test/integration/replicaStorm.test.ts). It imports
// nothing from vitest.
import { request } from "node:http";
import { INTERACTIONS_PATH } from "../../src/adapters/discord/httpInteractions.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Clock } from "../../src/core/shared/clock.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { bindChannel, createGroup } from "../../src/core/setup/configureGroup.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import type { FakeDiscord, StoredMessage } from "../fakes/discord/index.ts";
import type { FakeSlack, RecordedMessage } from "../fakes/slack/index.ts";
import { BOT_TOKEN, SIGNING_SECRET } from "../adapters/slackHarness.ts";
import { baseEnvironment, freePort, startMain, type MainProcess } from "./mainProcess.ts";

export { BOT_TOKEN, SIGNING_SECRET };

export interface SeededGroup {
  groupId: number;
  slackTeam: string;
  /** The Slack channel bound for announcements, where the poll cards go. */
  channel: string;
  /** One Slack user per agency, head of its delegation. */
  users: string[];
  pollIds: number[];
  /** The group's Discord server, when it has one joined. */
  discord?: SeededDiscord;
}

export interface SeededDiscord {
  guildId: string;
  /** The Discord channel bound for announcements. */
  channel: string;
  /** One Discord user per agency, a second representative of it beside the Slack head. */
  users: string[];
}

export interface SeedOptions {
  agencies: number;
  polls: number;
  /** Each poll's deadline (default: a day after now). */
  closesAt?: (index: number) => Date;
  /** The clock the polls are opened on (default: the system's), to schedule reminders that fall due soon. */
  clock?: Clock;
  /** Prefix of this group's Slack ids, so that groups do not share users or channels. */
  prefix?: string;
  /** The Slack workspace (team id) that belongs to the group, as /group create would record it. */
  slackTeam: string;
  /**
   * A Discord server joined into the group as well, as /group join would: its announcements channel is
   * bound, a Discord user of `secretariat` holds the Secretariat role, and `users[a]` represents agency a.
   */
  discord?: { guildId: string; channel: string; secretariat: string; users: string[] };
}

/**
 * A group with agencies, their Slack delegates (and Discord representatives when the group has a
 * Discord server), an announcements channel on each platform and open polls, written through the core.
 */
export async function seedSlackGroup(databaseUrl: string, options: SeedOptions): Promise<SeededGroup> {
  const db = await openDatabase(databaseUrl);
  try {
    const clock = options.clock ?? systemClock;
    const deps = { store: db.store, clock };
    const prefix = options.prefix ?? "0";
    const group = await createGroup(deps, `Group ${prefix}`, "UTC", { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
    const operator: Caller = { groupId: group.id, platform: "shell", externalId: "operator" };
    const team = { platform: "slack" as const, id: options.slackTeam };
    await db.store.transaction((tx) => tx.groups.addWorkspace(group.id, team, clock.now()));
    const secretariat = `U${prefix}SEC`;
    await grantRole(deps, operator, { handle: "sec", identity: { platform: "slack", externalId: secretariat } }, "secretariat");
    const channel = `C${prefix}GENERAL`;
    const bound = await bindChannel(deps, { groupId: group.id, platform: "slack", externalId: secretariat }, channel, "announcements");
    if (!bound.ok) throw new Error(`could not bind the announcements channel: ${bound.refusal.reason}`);
    const discord = options.discord;
    if (discord) {
      const guild = { platform: "discord" as const, id: discord.guildId };
      await db.store.transaction((tx) => tx.groups.addWorkspace(group.id, guild, clock.now()));
      await grantRole(deps, operator, { handle: "sec-discord", identity: { platform: "discord", externalId: discord.secretariat } }, "secretariat");
      const boundThere = await bindChannel(deps, { groupId: group.id, platform: "discord", externalId: discord.secretariat }, discord.channel, "announcements");
      if (!boundThere.ok) throw new Error(`could not bind the Discord announcements channel: ${boundThere.refusal.reason}`);
    }
    const users: string[] = [];
    for (let a = 0; a < options.agencies; a++) {
      const code = `A${a}`;
      const user = `U${prefix}A${String(a).padStart(3, "0")}`;
      const added = await addAgency(deps, operator, { code, name: `Agency ${a}` });
      if (!added.ok) throw new Error(`could not add agency ${code}: ${added.refusal.reason}`);
      const delegate = await addDelegate(deps, operator, { agency: code, user: { handle: `rep-${prefix}-${a}`, identity: { platform: "slack", externalId: user } }, head: true });
      if (!delegate.ok) throw new Error(`could not add the delegate of ${code}: ${delegate.refusal.reason}`);
      users.push(user);
      const discordUser = discord?.users[a];
      if (discordUser) {
        const second = await addDelegate(deps, operator, { agency: code, user: { handle: `rep-${prefix}-${a}-discord`, identity: { platform: "discord", externalId: discordUser } } });
        if (!second.ok) throw new Error(`could not add the Discord representative of ${code}: ${second.refusal.reason}`);
      }
    }
    const pollIds: number[] = [];
    for (let p = 0; p < options.polls; p++) {
      const closesAt = options.closesAt?.(p) ?? new Date(clock.now().getTime() + 86_400_000);
      // The silence procedure never closes early when every agency has spoken, so votes keep landing on open polls.
      const poll = await openPoll(deps, operator, { title: `Poll ${prefix}.${p}`, closesAt, procedure: "silence" });
      if (!poll.ok) throw new Error(`could not open poll ${p}: ${poll.refusal.reason}`);
      pollIds.push(poll.value.id);
    }
    return { groupId: group.id, slackTeam: options.slackTeam, channel, users, pollIds, ...(discord ? { discord: { guildId: discord.guildId, channel: discord.channel, users: discord.users.slice(0, options.agencies) } } : {}) };
  } finally {
    await db.close();
  }
}

/** A card's button for a stance, as the fake shows it: what a user's press sends back. */
export function cardButton(message: RecordedMessage, pollId: number, stance: "concur" | "abstain"): { actionId: string; value: string } | null {
  const wanted = `poll position id:${pollId} stance:${stance}`;
  for (const block of (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    for (const element of block.elements ?? []) {
      if (element.action_id && element.value?.endsWith(wanted)) return { actionId: element.action_id, value: element.value };
    }
  }
  return null;
}

/** The card of each poll in the channel, once the replicas have posted them all. */
export async function cardsOf(fake: FakeSlack, group: SeededGroup, timeoutMs: number): Promise<Map<number, RecordedMessage>> {
  return fake.waitFor(() => {
    const cards = new Map<number, RecordedMessage>();
    for (const id of group.pollIds) {
      const card = fake.messagesIn(group.channel).find((m) => cardButton(m, id, "concur"));
      if (!card) return null;
      cards.set(id, card);
    }
    return cards;
  }, timeoutMs);
}

/** A poll card's button for a stance on the fake Discord: the custom_id a press sends back. */
export function discordCardButton(message: StoredMessage, pollId: number, stance: "concur" | "abstain"): string | null {
  const wanted = `poll position id:${pollId} stance:${stance}`;
  for (const row of message.components as { components?: { custom_id?: string }[] }[]) {
    for (const component of row.components ?? []) if (component.custom_id?.endsWith(wanted)) return component.custom_id;
  }
  return null;
}

/** The Discord card of each poll in the group's Discord channel, once the replicas have posted them all. */
export async function discordCardsOf(fake: FakeDiscord, group: SeededGroup, timeoutMs: number): Promise<Map<number, StoredMessage>> {
  const channel = group.discord?.channel;
  if (!channel) throw new Error(`group ${group.groupId} has no Discord server`);
  return fake.waitFor(
    () => {
      const cards = new Map<number, StoredMessage>();
      for (const id of group.pollIds) {
        const card = fake.messagesIn(channel).find((m) => discordCardButton(m, id, "concur"));
        if (!card) return null;
        cards.set(id, card);
      }
      return cards;
    },
    timeoutMs,
    `the poll cards of group ${group.groupId} on Discord`,
  );
}

export interface Replica {
  name: string;
  port: number;
  /** Slack's request URL on this replica. */
  url: string;
  /** Discord's Interactions Endpoint URL on this replica (served when it was started with a fake Discord). */
  discordUrl: string;
  process: MainProcess;
}

export interface ReplicaOptions {
  databaseUrl: string;
  fake: FakeSlack;
  /** Discord too, in HTTP interactions mode: every server the bot is in, no DISCORD_GUILD_ID. */
  discord?: FakeDiscord;
  name: string;
  cleanups: (() => Promise<void> | void)[];
  logLevel?: string;
  env?: NodeJS.ProcessEnv;
  /** Node's own flags for the replica, such as --cpu-prof. */
  nodeFlags?: string[];
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** Starts one replica on Slack's HTTP mode (and Discord's HTTP interactions) and waits until its /readyz says so. */
export async function startReplica(options: ReplicaOptions, readyTimeoutMs = 90_000): Promise<Replica> {
  const port = await freePort();
  const child = startMain(
    {
      ...baseEnvironment(),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: options.fake.apiUrl,
      ...(options.discord
        ? { DISCORD_TOKEN: options.discord.token, DISCORD_APPLICATION_ID: options.discord.applicationId, DISCORD_API_URL: options.discord.apiUrl, DISCORD_PUBLIC_KEY: options.discord.http.publicKey }
        : {}),
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: options.logLevel ?? "warn",
      ...options.env,
    },
    options.cleanups,
    [...(options.nodeFlags ?? []), "src/main.ts"],
  );
  const started = performance.now();
  for (;;) {
    if (child.child.exitCode !== null || child.child.signalCode !== null) throw new Error(`replica ${options.name} exited before it was ready:\n${child.stderr()}${child.stdout()}`);
    if ((await get(port, "/readyz")) === 200) break;
    if (performance.now() - started > readyTimeoutMs) throw new Error(`replica ${options.name} was not ready within ${readyTimeoutMs} ms:\n${child.stderr()}${child.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name: options.name, port, url: `http://127.0.0.1:${port}/slack/events`, discordUrl: `http://127.0.0.1:${port}${INTERACTIONS_PATH}`, process: child };
}

/** SIGTERM, and the exit code once it has stopped gracefully. */
export async function stopReplica(replica: Replica): Promise<number | null> {
  if (replica.process.child.exitCode === null && replica.process.child.signalCode === null) replica.process.child.kill("SIGTERM");
  return replica.process.exited;
}
