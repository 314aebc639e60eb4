// A Slack world for adapter tests: the fake Slack, the real core on a temporary SQLite file, and the
// Slack adapter as main.ts builds it (createSlackAdapter + startScheduledRuntime), in HTTP or Socket Mode.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { BlockAction, SlashCommand, ViewSubmitAction } from "@slack/bolt";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import type { PlatformServices } from "../../src/app/platform.ts";
import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/index.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import type { Deps } from "../../src/core/deps.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { bindChannel } from "../../src/core/setup/configureGroup.ts";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import type { Group } from "../../src/core/setup/group.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeSlack, type BlockActionInput, type FakeSlack, type SignedDeliveryOptions, type StateValuesInput, type Truthy } from "../fakes/slack/index.ts";

export const BOT_TOKEN = "xoxb-1111-2222-slackadaptertest";
export const APP_TOKEN = "xapp-1-A0FAKE-3333-slackadaptertest";
export const SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543";
export const VERIFICATION_TOKEN = "fakeVerificationToken0000";

/** Slack users of the test group. */
export const U = {
  secretariat: "U0SECRET001",
  alice: "U0ALICE0001", // head of the NASA delegation
  bob: "U0BOB000001", // ESA
  carol: "U0CAROL0001", // JAXA
  outsider: "U0OUTSIDE01", // no role, no agency
} as const;
export const GENERAL = "C0GENERAL01";
export const SECRETARIAT_ROOM = "C0SECRET001";

export type Mode = "http" | "socket";

/** How long tests wait for an effect before failing; generous, since CI machines can be very busy. */
export const PATIENCE_MS = 20_000;
/** Per-test limit for the adapter tests, which start a fake Slack, a database and a Bolt App each. */
export const TEST_TIMEOUT_MS = 120_000;

export interface SlackWorld {
  mode: Mode;
  fake: FakeSlack;
  adapter: SlackAdapter;
  deps: Deps;
  db: OpenedDatabase;
  group: Group;
  operator: Caller;
  /** Everything the bot logged, one JSON line each. */
  logs: string[];
  /** The request URL in HTTP mode. */
  url: string;
  /** fake.waitFor with room for a busy machine: the bot's SQLite work and the fake share one event loop. */
  until<T>(probe: () => T, timeoutMs?: number): Promise<Truthy<T>>;
  slash(userId: string, command: string, text?: string, channelId?: string): Promise<{ payload: SlashCommand; ack: unknown; status: number }>;
  press(input: BlockActionInput): Promise<{ payload: BlockAction; ack: unknown; status: number }>;
  /** `privateMetadata` replaces what the view carried, as a form opened elsewhere would. */
  submit(userId: string, viewId: string, values: StateValuesInput, privateMetadata?: string): Promise<{ payload: ViewSubmitAction; ack: unknown; status: number }>;
  close(): Promise<void>;
}

export interface WorldOptions {
  mode: Mode;
  logLevel?: string;
  /** Bind GENERAL as the announcements channel through the core (tests of /setup do it through Slack). */
  bindAnnouncements?: boolean;
  /** Start the node-cron runtime; without it, tests deliver the outbox themselves. */
  runtime?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function startSlackWorld(options: WorldOptions): Promise<SlackWorld> {
  const dir = mkdtempSync(join(tmpdir(), "slack-adapter-"));
  const db = await openDatabase(join(dir, "bot.db"));
  const deps: Deps = { store: db.store, clock: systemClock };
  // The first group of a new database: the fake's workspace joins it when the adapter starts.
  const group = await bootstrapGroup(deps, [], "Coordination group", "Europe/Paris");
  const operator: Caller = { groupId: group.id, platform: "shell", externalId: "operator" };
  for (const [code, name] of [["NASA", "NASA"], ["ESA", "European Space Agency"], ["JAXA", "JAXA"]] as const) {
    await addAgency(deps, operator, { code, name });
  }
  const slackUser = (handle: string, id: string) => ({ handle, identity: { platform: "slack" as const, externalId: id } });
  await addDelegate(deps, operator, { agency: "NASA", user: slackUser("alice", U.alice), head: true });
  await addDelegate(deps, operator, { agency: "ESA", user: slackUser("bob", U.bob) });
  await addDelegate(deps, operator, { agency: "JAXA", user: slackUser("carol", U.carol) });
  await grantRole(deps, operator, slackUser("sec", U.secretariat), "secretariat");
  if (options.bindAnnouncements ?? true) {
    await bindChannel(deps, { groupId: group.id, platform: "slack", externalId: U.secretariat }, GENERAL, "announcements");
  }

  const fake = await startFakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: "T0FAKETEAM",
    users: Object.entries(U).map(([name, id]) => ({ id, name })),
    channels: [
      { id: GENERAL, name: "general" },
      { id: SECRETARIAT_ROOM, name: "secretariat" },
    ],
  });

  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = pino({ level: options.logLevel ?? "warn" }, logStream);

  let runtime: Runtime | null = null;
  const services: PlatformServices = { deps, turns: db.turns, logger, nudge: () => runtime?.nudge() ?? Promise.resolve() };
  const env: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    ...(options.mode === "socket" ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...options.env,
  };
  const made = createSlackAdapter(env, services);
  if (!made.ok) throw new Error(`the Slack adapter did not accept the test environment: ${made.errors.join("; ")}`);
  const adapter = made.value;
  if (options.runtime ?? true) runtime = startScheduledRuntime(deps, [adapter.sender], logger, "slack-test");
  await adapter.start();
  const url = options.mode === "http" ? `http://127.0.0.1:${adapter.port}/slack/events` : "";

  // Slack gives up after 3 s; on a busy test machine the fake (in this same process) waits longer, so
  // that these tests check behaviour, not the machine's speed.
  const slow = { timeoutMs: PATIENCE_MS, connectTimeoutMs: PATIENCE_MS };
  const viaHttp = async <P>(delivery: Promise<{ payload: P; status: number; json: unknown }>) => {
    const done = await delivery;
    return { payload: done.payload, ack: done.json, status: done.status };
  };
  const viaSocket = async <P>(delivery: Promise<{ payload: P; ackPayload: unknown }>) => {
    const done = await delivery;
    return { payload: done.payload, ack: done.ackPayload, status: 200 };
  };

  return {
    mode: options.mode,
    fake,
    adapter,
    deps,
    db,
    group,
    operator,
    logs,
    url,
    until: (probe, timeoutMs = PATIENCE_MS) => fake.waitFor(probe, timeoutMs),
    slash: (userId, command, text = "", channelId = GENERAL) => {
      const input = { command, text, userId, channelId };
      return options.mode === "http" ? viaHttp(fake.http.slashCommand(url, input, slow)) : viaSocket(fake.socket.slashCommand(input, slow));
    },
    press: (input) => (options.mode === "http" ? viaHttp(fake.http.blockAction(url, input, slow)) : viaSocket(fake.socket.blockAction(input, slow))),
    submit: (userId, viewId, values, privateMetadata) => {
      const input = { userId, viewId, values, ...(privateMetadata === undefined ? {} : { privateMetadata }) };
      return options.mode === "http" ? viaHttp(fake.http.viewSubmission(url, input, slow)) : viaSocket(fake.socket.viewSubmission(input, slow));
    },
    close: async () => {
      await adapter.stop();
      await runtime?.stop();
      await fake.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Re-sends a slash command exactly as first delivered, as Slack does when it retries. */
export function resendSlashCommand(world: SlackWorld, payload: SlashCommand, options: SignedDeliveryOptions) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) if (value !== undefined) form.set(key, String(value));
  return world.fake.http.postForm(world.url, form.toString(), options);
}
