// Many Slack workspaces served by one deployment: the fake Slack with two workspaces and a distributed
// app (OAuth v2), and bot replicas as main.ts builds them (createSlackAdapter in HTTP mode with
// SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, and the scheduled runtime), each on its
// own connection to one database: a replica shares nothing with another but the database.
import { Writable } from "node:stream";
import { pino } from "pino";
import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/index.ts";
import type { PlatformServices } from "../../src/app/platform.ts";
import type { Runtime } from "../../src/app/runtime.ts";
import { startScheduledRuntime } from "../../src/compose/scheduledRuntime.ts";
import type { Deps } from "../../src/core/deps.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeSlack, type FakeSlack, type FakeTeam } from "../fakes/slack/index.ts";
import { PATIENCE_MS } from "./slackHarness.ts";

export const CLIENT_ID = "1111111111.2222222222";
export const CLIENT_SECRET = "0f1e2d3c4b5a69780f1e2d3c4b5a6978";
export const STATE_SECRET = "3b1d8c4a9e7f60521b3d8c4a9e7f60521b3d8c4a";
export const SIGNING_SECRET = "a7c4e1f0b9d8a7c4e1f0b9d8a7c4e1f0";
/** PUBLIC_URL: a reverse proxy's address; the tests carry the browser from it to the replica's port. */
export const PUBLIC_URL = "https://bot.example.org";
export const REDIRECT_URL = `${PUBLIC_URL}/slack/oauth_redirect`;

/** Two workspaces: the fake's first (A) and one added (B), each with its operator, its channel and its own bot token. */
export const A = { teamId: "T0AAAAAAAA", domain: "agency-a", botToken: "xoxb-1000-aaaa-installstest", operator: "U0OPERA001", general: "C0AGENERAL" } as const;
export const B = { teamId: "T0BBBBBBBB", domain: "agency-b", botToken: "xoxb-2000-bbbb-installstest", operator: "U0OPERB001", general: "C0BGENERAL" } as const;

export async function startTwoWorkspaces(): Promise<{ fake: FakeSlack; a: FakeTeam; b: FakeTeam }> {
  const fake = await startFakeSlack({
    botToken: A.botToken,
    signingSecret: SIGNING_SECRET,
    teamId: A.teamId,
    teamDomain: A.domain,
    users: [{ id: A.operator, name: "opa" }],
    channels: [{ id: A.general, name: "general" }],
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrls: [REDIRECT_URL] },
  });
  const b = fake.addWorkspace({
    teamId: B.teamId,
    teamDomain: B.domain,
    botToken: B.botToken,
    botUserId: "U0BOTB0001",
    botId: "B0BOTB0001",
    users: [{ id: B.operator, name: "opb" }],
    channels: [{ id: B.general, name: "general" }],
  });
  return { fake, a: fake.team(A.teamId), b };
}

export interface Replica {
  adapter: SlackAdapter;
  deps: Deps;
  db: OpenedDatabase;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The request URL. */
  url: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startReplica(fake: FakeSlack, databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<Replica> {
  const db = await openDatabase(databaseUrl);
  const deps: Deps = { store: db.store, clock: systemClock };
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  // Debug level: the tests look for secrets in everything Bolt and the bot can log.
  const logger = pino({ level: "debug" }, logStream);
  let runtime: Runtime | null = null;
  const services: PlatformServices = {
    turns: db.turns,
    deps,
    logger,
    nudge: () => runtime?.nudge() ?? Promise.resolve(),
    operators: [
      { platform: "slack", externalId: A.operator },
      { platform: "slack", externalId: B.operator },
    ],
  };
  const made = createSlackAdapter(
    {
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PUBLIC_URL,
      PORT: "0",
      ...env,
    },
    services,
  );
  if (!made.ok) throw new Error(`the Slack adapter did not accept the test environment: ${made.errors.join("; ")}`);
  const adapter = made.value;
  runtime = startScheduledRuntime(deps, [adapter.sender], logger, `installs-${Math.random().toString(36).slice(2, 8)}`);
  await adapter.start();
  const base = `http://127.0.0.1:${adapter.port}`;
  return {
    adapter,
    deps,
    db,
    base,
    url: `${base}/slack/events`,
    logs,
    close: async () => {
      await adapter.stop();
      await runtime?.stop();
      await db.close();
    },
  };
}

export interface InstallAttempt {
  /** /slack/install's answer: a redirect to Slack's authorize page, with the state cookie. */
  install: { status: number; location: string; cookie: string };
  /** The fake's answer to the browser at the authorize page: a redirect back to PUBLIC_URL/slack/oauth_redirect. */
  authorize: { status: number; location: string };
  /** The replica's page at the end. */
  done: { status: number; body: string };
}

/** The state cookie as the browser keeps it (name=value, without its attributes). */
const cookieOf = (setCookie: string | null): string => (setCookie ?? "").split(";")[0]!;

/** Where a redirect to PUBLIC_URL lands: the same path and query on the replica (a reverse proxy's job). */
export const throughProxy = (location: string, replica: Pick<Replica, "base">): string => {
  const url = new URL(location);
  return `${replica.base}${url.pathname}${url.search}`;
};

/**
 * A workspace's user installs the app as a browser does: GET /slack/install, follow Slack's authorize
 * page (signed in to the workspace, pressing Allow), come back to /slack/oauth_redirect with the cookie.
 * `tamper` may change the redirect URL and the cookie the browser brings back.
 */
export async function install(
  fake: FakeSlack,
  replica: Pick<Replica, "base">,
  as: { teamId: string; userId: string; orgWide?: string },
  tamper: (back: { url: string; cookie: string }) => { url: string; cookie: string } = (back) => back,
  finishOn: Pick<Replica, "base"> = replica,
): Promise<InstallAttempt> {
  const started = await fetch(`${replica.base}/slack/install`, { redirect: "manual", signal: AbortSignal.timeout(PATIENCE_MS) });
  const install = { status: started.status, location: started.headers.get("location") ?? "", cookie: cookieOf(started.headers.get("set-cookie")) };
  await started.text();
  const authorized = await fake.authorize(install.location, as);
  const authorize = { status: authorized.status, location: authorized.headers["location"] ?? "" };
  const back = tamper({ url: throughProxy(authorize.location, finishOn), cookie: install.cookie });
  const finished = await fetch(back.url, { redirect: "manual", headers: { cookie: back.cookie }, signal: AbortSignal.timeout(PATIENCE_MS) });
  return { install, authorize, done: { status: finished.status, body: await finished.text() } };
}
