// Bots in Discord's HTTP interactions mode for tests: the real HTTP adapter (httpAdapter.ts) on the
// bot's own route table and HTTP server, the real core on a real database, the real runtime delivering
// the outbox over REST, and the fake Discord POSTing signed interactions to /discord/interactions.
// Several bots may share one database (replicas); each has its own server, REST client and runtime.
import { pino } from "pino";
import type { DiscordAdapterOptions } from "../../src/adapters/discord/adapter.ts";
import type { DiscordConfig } from "../../src/adapters/discord/config.ts";
import { createDiscordHttpAdapter, type DiscordHttpAdapter } from "../../src/adapters/discord/httpAdapter.ts";
import { INTERACTIONS_PATH } from "../../src/adapters/discord/httpInteractions.ts";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import type { PlatformServices } from "../../src/app/platform.ts";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import type { Deps } from "../../src/core/deps.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import type { Group } from "../../src/core/setup/group.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startHttpServer, type RunningHttpServer } from "../../src/infra/http/httpServer.ts";
import { HttpRoutes } from "../../src/infra/http/routes.ts";
import type { EndpointAnswer, FakeDiscord, FakeInteractionPayload, SigningOptions, StoredMessage } from "../fakes/discord/index.ts";
import type { LogLine } from "./discordHarness.ts";

export interface HttpBot {
  name: string;
  bot: DiscordHttpAdapter;
  deps: Deps;
  db: OpenedDatabase;
  group: Group;
  server: RunningHttpServer;
  /** The bot's interactions endpoint URL. */
  url: string;
  logs: LogLine[];
  /** The operator, who holds the operator and Secretariat roles. */
  operator: Caller;
  /** POSTs the interaction to this bot, signed with the application's key. */
  post(payload: FakeInteractionPayload, options?: SigningOptions): Promise<EndpointAnswer>;
  /** Resolves once the outbox has nothing left to send now. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export const configFor = (fake: FakeDiscord): DiscordConfig & { publicKey: string } => ({
  token: fake.token,
  applicationId: fake.applicationId,
  guildId: fake.guild.id,
  apiUrl: fake.apiUrl,
  publicKey: fake.http.publicKey,
});

/** One bot replica on the database at `target` (a SQLite path or a postgres:// URL). */
export async function startHttpBot(fake: FakeDiscord, target: string, options: { name?: string; bot?: DiscordAdapterOptions } = {}): Promise<HttpBot> {
  const name = options.name ?? "bot";
  const db = await openDatabase(target);
  const deps: Deps = { store: db.store, clock: systemClock };
  const logs: LogLine[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const operatorId = fake.user("operator").id;
  const group = await bootstrapGroup(deps, [{ platform: "discord", externalId: operatorId }]);
  const http = new HttpRoutes();
  let runtime: Runtime | null = null;
  const services: PlatformServices = { deps, turns: db.turns, logger, http, nudge: () => runtime?.nudge() ?? Promise.resolve() };
  const bot = createDiscordHttpAdapter(configFor(fake), services, { restRetries: 2, ...options.bot });
  const server = await startHttpServer(0, http, (error) => logger.error({ err: error }, "HTTP request failed"));
  runtime = startScheduledRuntime(deps, [bot.sender], logger, `discord-http-${name}`);
  await bot.start();
  const url = `http://127.0.0.1:${server.port}${INTERACTIONS_PATH}`;
  return {
    name,
    bot,
    deps,
    db,
    group,
    server,
    url,
    logs,
    operator: { groupId: group.id, platform: "discord", externalId: operatorId },
    post: (payload, signing) => fake.http.post(url, payload, signing),
    drained: async () => {
      for (;;) {
        await runtime!.nudge();
        const due = await deps.store.transaction((tx) => tx.outbox.due(deps.clock.now(), 1));
        if (due.length === 0) return;
      }
    },
    async close() {
      bot.drain();
      await bot.stop();
      await runtime!.stop();
      await server.close();
      await db.close();
    },
  };
}

/** The warnings and errors a bot logged (the endpoint's refusals excepted, which tests provoke). */
export const troubles = (bot: HttpBot, except: RegExp = /refused a request to the Discord interactions endpoint/): LogLine[] =>
  bot.logs.filter((line) => line.level >= 40 && !except.test(line.msg));

/**
 * Waits for the bot's answer to an interaction that matches `expected`, directly or after a deferral
 * (whose first message may be only the note that the answer is posted for everyone).
 */
export function answerMatching(fake: FakeDiscord, interactionId: string, expected: RegExp, timeoutMs = 20_000): Promise<StoredMessage> {
  return fake.waitFor(
    () => {
      const record = fake.interactions.find((i) => i.id === interactionId);
      if (!record?.callback || record.callback.late) return null;
      return fake.messages.find((m) => m.interactionId === interactionId && !m.deleted && expected.test(m.content)) ?? null;
    },
    timeoutMs,
    `an answer to interaction ${interactionId} matching ${expected}`,
  );
}
