// A running Discord bot for tests: the real adapter (discord.js) logged in to the fake Discord, the
// real core on a temporary SQLite file, and the real runtime delivering the outbox.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from "../../src/adapters/discord/adapter.ts";
import type { DiscordConfig } from "../../src/adapters/discord/config.ts";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import type { PlatformServices } from "../../src/app/platform.ts";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import type { Deps } from "../../src/core/deps.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import type { Group } from "../../src/core/setup/group.ts";
import { adoptWorkspaces } from "../../src/core/groups/adoptWorkspaces.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type InteractionCallbackRecord, type StoredMessage } from "../fakes/discord/index.ts";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordAdapter;
  deps: Deps;
  db: OpenedDatabase;
  group: Group;
  config: DiscordConfig;
  /** The operator, a Discord user who holds the operator and Secretariat roles. */
  operator: Caller;
  /** Warnings and errors the bot logged. */
  logs: LogLine[];
  channelId(name: string): string;
  /** Resolves once the outbox has nothing left to send now. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    fake?: FakeDiscordOptions;
    bot?: DiscordAdapterOptions;
    tickExpression?: string;
    /** Serve every server the bot is in (no DISCORD_GUILD_ID), with the operator named in BOT_OPERATORS. */
    anyGuild?: boolean;
    /** The servers an earlier first start adopted; by default the bot's first start adopts every one. */
    adopted?: (fake: FakeDiscord) => string[];
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "discord-adapter-"));
  const db = await openDatabase(join(dir, "bot.db"));
  const deps: Deps = { store: db.store, clock: systemClock };
  const fake = await startFakeDiscord({
    users: [{ username: "operator" }, { username: "alice" }, { username: "bob" }, { username: "carol" }],
    guilds: [{ name: "Coordination", channels: [{ name: "general" }, { name: "announcements" }, { name: "secretariat" }] }],
    ...options.fake,
  });
  const logs: LogLine[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const operatorId = fake.user("operator").id;
  const group = await bootstrapGroup(deps, [{ platform: "discord", externalId: operatorId }]);
  let runtime: Runtime | null = null;
  const operators = [{ platform: "discord" as const, externalId: operatorId }];
  const services: PlatformServices = { deps, turns: db.turns, logger, nudge: () => runtime?.nudge() ?? Promise.resolve(), ...(options.anyGuild ? { operators } : {}) };
  const config: DiscordConfig = { token: fake.token, applicationId: fake.applicationId, guildId: options.anyGuild ? undefined : fake.guild.id, apiUrl: fake.apiUrl };
  if (options.adopted) await adoptWorkspaces(deps, "discord", options.adopted(fake));
  const bot = createDiscordAdapter(config, services, { restRetries: 2, ...options.bot });
  runtime = startScheduledRuntime(deps, [bot.sender], logger, "discord-test", options.tickExpression);
  await deployCommands(config);
  await bot.start();

  const drained = async () => {
    for (;;) {
      await runtime!.nudge();
      const due = await deps.store.transaction((tx) => tx.outbox.due(deps.clock.now(), 1));
      if (due.length === 0) return;
    }
  };
  return {
    fake,
    bot,
    deps,
    db,
    group,
    config,
    operator: { groupId: group.id, platform: "discord", externalId: operatorId },
    logs,
    channelId: (name) => fake.channel(name).id,
    drained,
    async close() {
      await bot.stop();
      await runtime!.stop();
      await fake.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const EPHEMERAL = 1 << 6;

/** What the person who acted saw: the callback's message, or the follow-up after a deferral. */
export function visibleAnswer(fake: FakeDiscord, interactionId: string): { content: string; flags: number } | null {
  const record = fake.interactions.find((i) => i.id === interactionId);
  if (!record?.callback) return null;
  // A deferred update points @original at the card the button was on, which is not an answer.
  const original = record.originalMessageId !== record.sourceMessageId ? record.originalMessageId : null;
  const messages = [original, ...record.followUpMessageIds]
    .map((id) => (id ? fake.messages.find((m) => m.id === id) : undefined))
    .filter((m): m is StoredMessage => m !== undefined && !m.deleted && !(m.flags & (1 << 7)));
  const first = messages[0];
  return first ? { content: first.content, flags: first.flags } : null;
}

/** Waits until the bot has answered an interaction with a message (directly, or after deferring). */
export async function answerOf(fake: FakeDiscord, interactionId: string, timeoutMs = 20_000): Promise<{ content: string; flags: number; callback: InteractionCallbackRecord }> {
  return fake.waitFor(
    () => {
      const answer = visibleAnswer(fake, interactionId);
      const callback = fake.interactionResponses.get(interactionId);
      return answer && callback ? { ...answer, callback } : null;
    },
    timeoutMs,
    `the answer to interaction ${interactionId}`,
  );
}

/** The embed field of a poll card, by name. */
export function cardField(message: StoredMessage | undefined, name: string): string | undefined {
  const embed = message?.embeds[0] as { fields?: { name: string; value: string }[] } | undefined;
  return embed?.fields?.filter((f) => f.name === name || f.name === `${name} (continued)`).map((f) => f.value).join("\n");
}

export function cardButtons(message: StoredMessage | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ""));
}
