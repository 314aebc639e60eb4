// The bot on Discord and Slack at once, assembled as main.ts assembles it: one SQLite file, the
// platform factories reading an environment that points at the fake Discord and the fake Slack (Socket
// Mode), and one runtime delivering the outbox to both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { readDiscordConfig } from "../../src/adapters/discord/config.ts";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import type { PlatformAdapter, PlatformServices } from "../../src/app/platform.ts";
import { platformFactories } from "../../src/compose/platforms.ts";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import type { Deps } from "../../src/core/deps.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import type { Group } from "../../src/core/setup/group.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { startFakeSlack, type FakeSlack, type RecordedAnswer } from "../fakes/slack/index.ts";
import { answerOf } from "./discordHarness.ts";
import { APP_TOKEN, BOT_TOKEN, PATIENCE_MS, SIGNING_SECRET } from "./slackHarness.ts";

/** Slack users; the Discord users of the same names are others' accounts unless linked. */
export const SLACK = { secretariat: "U0SECRET001", alice: "U0ALICE0001", bob: "U0BOB000001", dave: "U0DAVE00001" } as const;
export const SLACK_ANNOUNCEMENTS = "C0ANNOUNCE1";

export interface BothPlatforms {
  discord: FakeDiscord;
  slack: FakeSlack;
  adapters: PlatformAdapter[];
  deps: Deps;
  group: Group;
  logs: string[];
  discordChannel(name: string): string;
  /** Runs a Discord slash command and resolves with the text its caller saw. */
  discordSlash(user: string, name: string, subcommand: string, options?: Record<string, string | number | boolean | { type: number; value: string }>, channel?: string): Promise<string>;
  /** Runs a Slack slash command over Socket Mode and resolves with the reply posted to its response URL. */
  slackSlash(userId: string, command: string, text: string, channelId?: string): Promise<RecordedAnswer>;
  close(): Promise<void>;
}

export async function startBothPlatforms(): Promise<BothPlatforms> {
  const dir = mkdtempSync(join(tmpdir(), "both-platforms-"));
  const db = await openDatabase(join(dir, "bot.db"));
  const deps: Deps = { store: db.store, clock: systemClock };
  const discord = await startFakeDiscord({
    users: [{ username: "operator" }, { username: "alice" }, { username: "carol" }, { username: "dave" }],
    guilds: [{ name: "Coordination", channels: [{ name: "general" }, { name: "announcements" }] }],
  });
  const slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: "T0FAKETEAM",
    users: Object.entries(SLACK).map(([name, id]) => ({ id, name })),
    channels: [{ id: SLACK_ANNOUNCEMENTS, name: "announcements" }],
  });

  const logs: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logs.push(line) });
  const env: NodeJS.ProcessEnv = {
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: discord.guild.id,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  // The operators, as BOT_OPERATORS would name them: one account on each platform.
  const operators = [
    { platform: "discord" as const, externalId: discord.user("operator").id },
    { platform: "slack" as const, externalId: SLACK.secretariat },
  ];
  const group = await bootstrapGroup(deps, operators);
  let runtime: Runtime | null = null;
  const services: PlatformServices = { deps, turns: db.turns, operators, logger, nudge: () => runtime?.nudge() ?? Promise.resolve() };
  const wanted = platformFactories.filter((f) => f.configured(env));
  const adapters: PlatformAdapter[] = [];
  for (const factory of wanted) {
    const made = await factory.create(env, services);
    if (!made.ok) throw new Error(`${factory.name} did not accept the test environment: ${made.errors.join("; ")}`);
    adapters.push(made.value);
  }
  runtime = startScheduledRuntime(deps, adapters.map((a) => a.sender), logger, "both-platforms-test");
  const discordConfig = readDiscordConfig(env);
  if (!discordConfig.ok) throw new Error(discordConfig.errors.join("; "));
  await deployCommands(discordConfig.value);
  for (const adapter of adapters) await adapter.start();

  const slow = { timeoutMs: PATIENCE_MS, connectTimeoutMs: PATIENCE_MS };
  return {
    discord,
    slack,
    adapters,
    deps,
    group,
    logs,
    discordChannel: (name) => discord.channel(name).id,
    discordSlash: async (user, name, subcommand, options = {}, channel) => {
      const handle = discord.sendInteraction(discord.chatInput({ user, name, subcommand, options, ...(channel ? { channelId: channel } : {}) }));
      return (await answerOf(discord, handle.id)).content;
    },
    slackSlash: async (userId, command, text, channelId = SLACK_ANNOUNCEMENTS) => {
      const { payload } = await slack.socket.slashCommand({ command, text, userId, channelId }, slow);
      return slack.waitFor(() => slack.answers.find((p) => p.url === payload.response_url), PATIENCE_MS);
    },
    close: async () => {
      for (const adapter of adapters) await adapter.stop();
      await runtime?.stop();
      await discord.close();
      await slack.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
