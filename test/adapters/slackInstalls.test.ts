// One deployment serving many Slack workspaces: a distributed app installed through Bolt's real OAuth v2
// flow (GET /slack/install → Slack's authorize page → /slack/oauth_redirect) in two workspaces of the
// fake Slack, each with its own bot token kept in the database; each workspace's commands land in its
// own group, and each group's messages go out with its own workspace's token to that workspace only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClearStateStore } from "@slack/oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSlackConfig } from "../../src/adapters/slack/config.ts";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import { systemClock } from "../../src/core/shared/clock.ts";
import { openDatabase } from "../../src/infra/db/openDatabase.ts";
import { BOT_SCOPES } from "../../src/adapters/slack/manifest.ts";
import type { Deps } from "../../src/core/deps.ts";
import type { FakeSlack, FakeTeam } from "../fakes/slack/index.ts";
import { baseEnvironment, freePort, startMain } from "../support/mainProcess.ts";
import { freshPostgres, type TestPostgres } from "../support/postgres.ts";
import { PATIENCE_MS, TEST_TIMEOUT_MS } from "./slackHarness.ts";
import { A, B, CLIENT_ID, CLIENT_SECRET, install, PUBLIC_URL, REDIRECT_URL, SIGNING_SECRET, STATE_SECRET, startReplica, startTwoWorkspaces, type Replica } from "./slackInstallsHarness.ts";

const slow = { timeoutMs: PATIENCE_MS, connectTimeoutMs: PATIENCE_MS };

/** A slash command from a workspace, and the reply the bot posts to its response_url. */
async function slash(team: FakeTeam, replica: Pick<Replica, "url">, userId: string, command: string, text: string, channelId: string): Promise<string> {
  const sent = await team.http.slashCommand(replica.url, { command, text, userId, channelId }, slow);
  expect(sent.status).toBe(200);
  // Answered in the acknowledgement once recorded, or later through the response_url.
  const acked = (sent.json as { text?: string } | undefined)?.text;
  if (acked) return acked;
  const reply = await team.waitFor(() => team.responseUrlPosts.find((p) => p.url === sent.payload.response_url), PATIENCE_MS);
  return reply.text ?? "";
}

const installationOf = (deps: Deps, teamId: string) => deps.store.transaction((tx) => tx.installations.byWorkspace("slack", teamId));
const groupOf = (deps: Deps, teamId: string) => deps.store.transaction((tx) => tx.groups.ofWorkspace({ platform: "slack", id: teamId }));
const installations = (deps: Deps) => deps.store.transaction(async (tx) => [await tx.installations.byWorkspace("slack", A.teamId), await tx.installations.byWorkspace("slack", B.teamId)].filter(Boolean).length);

/** Every Web API call the bot made in a workspace carried that workspace's token, and none named the other workspace's channel. */
function keptApart(team: FakeTeam, token: string, otherChannel: string): void {
  const made = team.calls.filter((c) => c.method !== "oauth.v2.access");
  expect(made.length).toBeGreaterThan(0);
  expect(made.filter((c) => c.token !== token)).toEqual([]);
  expect(made.filter((c) => c.args.channel === otherChannel)).toEqual([]);
}

describe("a distributed Slack app on SQLite: two workspaces installed through OAuth", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let fake: FakeSlack;
  let a: FakeTeam;
  let b: FakeTeam;
  let replica: Replica;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "slack-installs-"));
    ({ fake, a, b } = await startTwoWorkspaces());
    // A database of no group: no workspace is due to be adopted, each gets its group with /group create.
    replica = await startReplica(fake, join(dir, "bot.db"));
  });
  afterAll(async () => {
    await replica?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("installs the app in each workspace through Slack's OAuth v2, keeping each workspace's own bot token", async () => {
    const first = await install(fake, replica, { teamId: A.teamId, userId: A.operator });
    expect(first.install.status).toBe(302);
    const authorizeUrl = new URL(first.install.location);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${fake.baseUrl}/oauth/v2/authorize`);
    expect(authorizeUrl.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorizeUrl.searchParams.get("scope")).toBe(BOT_SCOPES.join(","));
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(REDIRECT_URL);
    expect(authorizeUrl.searchParams.get("state")).toBeTruthy();
    expect(first.install.cookie).toBe(`slack-app-oauth-state=${authorizeUrl.searchParams.get("state")}`);
    expect(first.authorize.status).toBe(302);
    expect(first.authorize.location.startsWith(`${REDIRECT_URL}?code=`)).toBe(true);
    expect(first.done).toMatchObject({ status: 200, body: expect.stringContaining(`Installed in ${A.domain}`) });

    const second = await install(fake, replica, { teamId: B.teamId, userId: B.operator });
    expect(second.done).toMatchObject({ status: 200, body: expect.stringContaining(`Installed in ${B.domain}`) });
    // oauth.v2.access authenticated the app with its client id and secret, and sent the redirect_uri back.
    const exchanges = fake.callsTo("oauth.v2.access");
    expect(exchanges.map((c) => [c.args.client_id, c.args.redirect_uri, c.response.ok])).toEqual([
      [CLIENT_ID, REDIRECT_URL, true],
      [CLIENT_ID, REDIRECT_URL, true],
    ]);

    expect(await installationOf(replica.deps, A.teamId)).toMatchObject({ workspaceId: A.teamId, botToken: A.botToken, installedBy: A.operator, scopes: [...BOT_SCOPES] });
    expect(await installationOf(replica.deps, B.teamId)).toMatchObject({ workspaceId: B.teamId, botToken: B.botToken, botUserId: "U0BOTB0001", installedBy: B.operator });
    // No workspace was due for adoption: both belong to no group until an operator creates one.
    expect(await groupOf(replica.deps, A.teamId)).toBeNull();
    expect(await groupOf(replica.deps, B.teamId)).toBeNull();
  });

  it("runs each workspace's commands in its own group, with its own token", async () => {
    expect(await slash(a, replica, A.operator, "/group", 'create name:"Agency A group"', A.general)).toContain("«Agency A group»");
    expect(await slash(b, replica, B.operator, "/group", 'create name:"Agency B group"', B.general)).toContain("«Agency B group»");
    const [groupA, groupB] = [await groupOf(replica.deps, A.teamId), await groupOf(replica.deps, B.teamId)];
    expect(groupA?.name).toBe("Agency A group");
    expect(groupB?.name).toBe("Agency B group");
    expect(groupA!.id).not.toBe(groupB!.id);
    await slash(a, replica, A.operator, "/setup", "channel purpose:announcements", A.general);
    await slash(b, replica, B.operator, "/setup", "channel purpose:announcements", B.general);
    expect(await replica.deps.store.transaction((tx) => tx.groups.bindings(groupA!.id))).toEqual([{ platform: "slack", channelId: A.general, purpose: "announcements" }]);
    expect(await replica.deps.store.transaction((tx) => tx.groups.bindings(groupB!.id))).toEqual([{ platform: "slack", channelId: B.general, purpose: "announcements" }]);
  });

  it("sends each group's announcement and poll card with its workspace's token, to that workspace only", async () => {
    await slash(a, replica, A.operator, "/announce", 'text:"Plenary moved to Tuesday (A)"', A.general);
    await slash(b, replica, B.operator, "/announce", 'text:"Budget call on Friday (B)"', B.general);
    await slash(a, replica, A.operator, "/agency", 'add code:NASA name:"NASA"', A.general);
    await slash(b, replica, B.operator, "/agency", 'add code:ESA name:"European Space Agency"', B.general);
    await slash(a, replica, A.operator, "/poll", 'open title:"Budget of A" closes:7d', A.general);
    await slash(b, replica, B.operator, "/poll", 'open title:"Workplan of B" closes:7d', B.general);
    const texts = (team: FakeTeam, channel: string) => team.messagesIn(channel).map((m) => `${m.text ?? ""} ${JSON.stringify(m.blocks ?? [])}`);
    await a.waitFor(() => texts(a, A.general).some((t) => t.includes("Budget of A")) && texts(a, A.general).some((t) => t.includes("Plenary moved")), PATIENCE_MS);
    await b.waitFor(() => texts(b, B.general).some((t) => t.includes("Workplan of B")) && texts(b, B.general).some((t) => t.includes("Budget call")), PATIENCE_MS);
    expect(texts(a, A.general).some((t) => t.includes("(B)") || t.includes("Workplan of B"))).toBe(false);
    expect(texts(b, B.general).some((t) => t.includes("(A)") || t.includes("Budget of A"))).toBe(false);
    // Each message was posted by the workspace's own bot user, with the workspace's own token.
    expect(a.messagesIn(A.general).every((m) => m.user === a.botUserId)).toBe(true);
    expect(b.messagesIn(B.general).every((m) => m.user === "U0BOTB0001")).toBe(true);
    keptApart(a, A.botToken, B.general);
    keptApart(b, B.botToken, A.general);
  });

  it("publishes each user's Home tab with their own workspace's token", async () => {
    expect((await a.http.appHomeOpened(replica.url, { userId: A.operator }, slow)).status).toBe(200);
    expect((await b.http.appHomeOpened(replica.url, { userId: B.operator }, slow)).status).toBe(200);
    await a.waitFor(() => a.homeViews.find((v) => v.userId === A.operator), PATIENCE_MS);
    await b.waitFor(() => b.homeViews.find((v) => v.userId === B.operator), PATIENCE_MS);
    expect(a.callsTo("views.publish").map((c) => [c.token, c.args.user_id])).toEqual([[A.botToken, A.operator]]);
    expect(b.callsTo("views.publish").map((c) => [c.token, c.args.user_id])).toEqual([[B.botToken, B.operator]]);
  });

  it("answers a Web API call with one workspace's token on the other's channel as Slack does (the fake keeps them apart)", async () => {
    const wrong = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${A.botToken}`, "content-type": "application/json" },
      body: JSON.stringify({ channel: B.general, text: "crossing over" }),
    });
    expect(await wrong.json()).toEqual({ ok: false, error: "channel_not_found" });
    expect(b.messagesIn(B.general).some((m) => m.text === "crossing over")).toBe(false);
  });

  it("refuses a forged, an expired and a cookie-less state, and installs nothing", async () => {
    const before = fake.callsTo("oauth.v2.access").length;
    await replica.deps.store.transaction((tx) => tx.installations.remove("slack", B.teamId));
    const withState = (state: string) => (back: { url: string; cookie: string }) => {
      const url = new URL(back.url);
      url.searchParams.set("state", state);
      return { url: url.toString(), cookie: `slack-app-oauth-state=${state}` };
    };
    const installOptions = { scopes: [...BOT_SCOPES], redirectUri: REDIRECT_URL };
    // Signed with another secret than SLACK_STATE_SECRET, and presented with a matching cookie.
    const forged = await new ClearStateStore("not-the-state-secret-of-this-deployment").generateStateParam(installOptions, new Date());
    // Signed with the right secret, 11 minutes ago: past the state's 10 minutes.
    const expired = await new ClearStateStore(STATE_SECRET).generateStateParam(installOptions, new Date(Date.now() - 11 * 60_000));
    for (const tamper of [withState(forged), withState(expired), (back: { url: string }) => ({ url: back.url, cookie: "" })]) {
      const attempt = await install(fake, replica, { teamId: B.teamId, userId: B.operator }, tamper);
      expect(attempt.done.status).toBe(400);
      expect(attempt.done.body).toContain("This install link is not valid");
      expect(attempt.done.body).toContain("/slack/install");
    }
    expect(fake.callsTo("oauth.v2.access").length).toBe(before);
    expect(await installationOf(replica.deps, B.teamId)).toBeNull();
    // The same browser, honestly: installed again, in the group it had.
    expect((await install(fake, replica, { teamId: B.teamId, userId: B.operator })).done.status).toBe(200);
    expect((await groupOf(replica.deps, B.teamId))?.name).toBe("Agency B group");
  });

  it("forgets a workspace's installation when the app is uninstalled there, and sends it nothing more", async () => {
    b.revokeToken();
    const event = await b.http.event(replica.url, { type: "app_uninstalled" }, slow);
    expect(event.status).toBe(200);
    await expect.poll(() => installationOf(replica.deps, B.teamId), { timeout: PATIENCE_MS }).toBeNull();
    expect(await installationOf(replica.deps, A.teamId)).not.toBeNull();
    // B's group keeps its workspace; its messages are parked with what to do, none sent with a revoked token.
    const groupB = (await groupOf(replica.deps, B.teamId))!;
    const calls = b.calls.length;
    await slash(a, replica, A.operator, "/announce", 'text:"Still here (A)"', A.general);
    await a.waitFor(() => a.messagesIn(A.general).some((m) => m.text?.includes("Still here (A)")), PATIENCE_MS);
    await replica.deps.store.transaction((tx) => tx.outbox.enqueue({ groupId: groupB.id, idempotencyKey: "after-uninstall", audience: { kind: "channel", purpose: "announcements" }, text: "Nobody reads this" }, new Date()));
    await expect.poll(() => replica.deps.store.transaction((tx) => tx.outbox.parked(groupB.id)), { timeout: PATIENCE_MS }).toHaveLength(1);
    const [parked] = await replica.deps.store.transaction((tx) => tx.outbox.parked(groupB.id));
    expect(parked!.lastError).toContain("/slack/install");
    expect(b.calls.slice(calls).filter((c) => c.method === "chat.postMessage")).toEqual([]);
  });

  it("never logs a token or a secret, even at debug level", () => {
    const logs = replica.logs.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [A.botToken, B.botToken, CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET]) expect(logs).not.toContain(secret);
  });
});

describe("a distributed Slack app: bad credentials and bad settings", { timeout: TEST_TIMEOUT_MS }, () => {
  it("shows a clear page for a wrong client secret, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slack-installs-"));
    const { fake } = await startTwoWorkspaces();
    const replica = await startReplica(fake, join(dir, "bot.db"), { SLACK_CLIENT_SECRET: "ffffffffffffffffffffffffffffffff" });
    try {
      const attempt = await install(fake, replica, { teamId: A.teamId, userId: A.operator });
      expect(attempt.done.status).toBe(500);
      expect(attempt.done.body).toContain("bad_client_secret");
      expect(attempt.done.body).toContain("SLACK_CLIENT_SECRET");
      expect(attempt.done.body).toContain("Nothing was installed");
      expect(await installations(replica.deps)).toBe(0);
      expect(replica.logs.join("\n")).not.toContain("ffffffffffffffffffffffffffffffff");
    } finally {
      await replica.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the variable of each bad setting, in one line each", () => {
    const base = { SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET, PUBLIC_URL };
    const errors = (env: NodeJS.ProcessEnv) => {
      const read = readSlackConfig(env);
      return read.ok ? [] : read.errors;
    };
    expect(readSlackConfig(base)).toMatchObject({ ok: true, value: { mode: "http", botToken: undefined, installs: { clientId: CLIENT_ID, redirectUri: REDIRECT_URL } } });
    expect(errors({ ...base, SLACK_STATE_SECRET: undefined })).toEqual([expect.stringMatching(/^SLACK_STATE_SECRET is missing/)]);
    expect(errors({ ...base, SLACK_STATE_SECRET: "short" })).toEqual([expect.stringMatching(/^SLACK_STATE_SECRET is too short/)]);
    expect(errors({ ...base, SLACK_CLIENT_ID: "my-app" })).toEqual([expect.stringMatching(/^SLACK_CLIENT_ID must be the Client ID/)]);
    expect(errors({ ...base, SLACK_CLIENT_SECRET: undefined })).toEqual([expect.stringMatching(/^SLACK_CLIENT_SECRET is missing/)]);
    expect(errors({ ...base, PUBLIC_URL: undefined })).toEqual([expect.stringMatching(/^PUBLIC_URL is missing: .*\/slack\/oauth_redirect/)]);
    expect(errors({ ...base, SLACK_APP_TOKEN: "xapp-1-A0-1-abc" })).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN must be unset with SLACK_CLIENT_ID: Socket Mode serves one workspace/)]);
    expect(errors({ ...base, SLACK_BOT_TOKEN: "xoxb-1-2-abc" })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN must be unset with SLACK_CLIENT_ID/)]);
    expect(errors({ ...base, SLACK_SIGNING_SECRET: undefined })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/)]);
    // No secret's value is ever in a message.
    expect(errors({ ...base, SLACK_CLIENT_SECRET: "tiny" }).join(" ")).not.toContain("tiny");
  });
});

describe("a distributed Slack app on PostgreSQL: two replicas serving one installation", { timeout: TEST_TIMEOUT_MS }, () => {
  let pg: TestPostgres;
  let fake: FakeSlack;
  let a: FakeTeam;
  let one: Replica;
  let two: Replica;

  beforeAll(async () => {
    pg = await freshPostgres();
    ({ fake, a } = await startTwoWorkspaces());
    one = await startReplica(fake, pg.url);
    two = await startReplica(fake, pg.url);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await fake?.close();
    await pg?.drop();
  });

  it("installs through one replica, and the other serves the workspace with its token", async () => {
    // The browser starts on one replica and comes back through the load balancer to the other: the state is signed, not remembered.
    const attempt = await install(fake, one, { teamId: A.teamId, userId: A.operator }, undefined, two);
    expect(attempt.done.status).toBe(200);
    expect(await installationOf(one.deps, A.teamId)).toMatchObject({ botToken: A.botToken });
    expect(await slash(a, two, A.operator, "/group", 'create name:"Replicated group"', A.general)).toContain("«Replicated group»");
    await slash(a, one, A.operator, "/setup", "channel purpose:announcements", A.general);
    await slash(a, two, A.operator, "/announce", 'text:"From any replica"', A.general);
    await a.waitFor(() => a.messagesIn(A.general).some((m) => m.text?.includes("From any replica")), PATIENCE_MS);
    expect(a.messagesIn(A.general).filter((m) => m.text?.includes("From any replica"))).toHaveLength(1);
    keptApart(a, A.botToken, B.general);
    // Uninstalled through one replica: the other stops at once (it reads the installation at each use).
    a.revokeToken();
    await a.http.event(one.url, { type: "app_uninstalled" }, slow);
    await expect.poll(() => installationOf(two.deps, A.teamId), { timeout: PATIENCE_MS }).toBeNull();
  });
});

describe("a distributed Slack app: adoption, a group of two workspaces, org-wide installs, revoked tokens", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let fake: FakeSlack;
  let a: FakeTeam;
  let b: FakeTeam;
  let replica: Replica;
  let firstGroup: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "slack-installs-"));
    ({ fake, a, b } = await startTwoWorkspaces());
    // A new database, as platform mode makes it: its first group is due to adopt Slack's first workspace.
    const db = await openDatabase(join(dir, "bot.db"));
    firstGroup = (await bootstrapGroup({ store: db.store, clock: systemClock }, [{ platform: "slack", externalId: A.operator }], "Coordination group", "Europe/Paris")).id;
    await db.close();
    replica = await startReplica(fake, join(dir, "bot.db"));
  });
  afterAll(async () => {
    await replica?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses an org-wide Enterprise Grid install with a page saying so, and keeps nothing", async () => {
    const attempt = await install(fake, replica, { teamId: A.teamId, userId: A.operator, orgWide: "E0FAKEGRID" });
    expect(attempt.done.status).toBe(400);
    expect(attempt.done.body).toContain("Org-wide installs are not supported");
    expect(await installations(replica.deps)).toBe(0);
    expect(await groupOf(replica.deps, A.teamId)).toBeNull();
  });

  it("gives the first workspace installed to the group due to adopt it; a later one belongs to no group", async () => {
    expect((await install(fake, replica, { teamId: A.teamId, userId: A.operator })).done.status).toBe(200);
    expect((await groupOf(replica.deps, A.teamId))?.id).toBe(firstGroup);
    expect((await install(fake, replica, { teamId: B.teamId, userId: B.operator })).done.status).toBe(200);
    expect(await groupOf(replica.deps, B.teamId)).toBeNull();
  });

  it("sends a group's announcement to each of its workspaces with that workspace's token", async () => {
    const codeReply = await slash(a, replica, A.operator, "/group", "code", A.general);
    const code = /code:([A-Za-z0-9-]+)/.exec(codeReply)?.[1];
    expect(code, codeReply).toBeTruthy();
    expect(await slash(b, replica, B.operator, "/group", `join code:${code}`, B.general)).toContain("Coordination group");
    expect((await groupOf(replica.deps, B.teamId))?.id).toBe(firstGroup);
    await slash(a, replica, A.operator, "/setup", "channel purpose:announcements", A.general);
    await slash(b, replica, B.operator, "/setup", "channel purpose:announcements", B.general);
    const announced = await slash(a, replica, A.operator, "/announce", 'text:"To both workspaces"', A.general);
    expect(announced).toContain("Announcement #");
    await a.waitFor(() => a.messagesIn(A.general).some((m) => m.text === "To both workspaces"), PATIENCE_MS);
    await b.waitFor(() => b.messagesIn(B.general).some((m) => m.text === "To both workspaces"), PATIENCE_MS);
    const posts = (team: FakeTeam) => team.callsTo("chat.postMessage").filter((c) => c.args.text === "To both workspaces");
    // B's channel is not A's: with A's token Slack answers channel_not_found, and B's token posts it.
    expect(posts(a).map((c) => [c.args.channel, c.token, c.response.ok === true ? "ok" : c.response.error])).toEqual([
      [A.general, A.botToken, "ok"],
      [B.general, A.botToken, "channel_not_found"],
    ]);
    expect(posts(b).map((c) => [c.args.channel, c.token, c.response.ok])).toEqual([[B.general, B.botToken, true]]);
  });

  it("forgets an installation whose bot token is revoked (tokens_revoked), and keeps the other", async () => {
    a.revokeToken();
    const event = await a.http.event(replica.url, { type: "tokens_revoked", tokens: { oauth: [], bot: [a.botUserId] } }, slow);
    expect(event.status).toBe(200);
    await expect.poll(() => installationOf(replica.deps, A.teamId), { timeout: PATIENCE_MS }).toBeNull();
    expect(await installationOf(replica.deps, B.teamId)).toMatchObject({ botToken: B.botToken });
    // The group still reaches its other workspace.
    await slash(b, replica, B.operator, "/setup", "channel purpose:announcements", B.general);
    expect((await groupOf(replica.deps, A.teamId))?.id).toBe(firstGroup);
  });
});

describe("npm start as a distributed Slack app", { timeout: TEST_TIMEOUT_MS }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("serves /slack/install, then the installed workspace's commands and messages with its token, and stops on SIGTERM", async () => {
    const { fake, a } = await startTwoWorkspaces();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "slack-installs-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const bot = startMain(
      {
        ...baseEnvironment(),
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PUBLIC_URL,
        PORT: String(port),
        DATABASE_URL: join(dir, "bot.db"),
        BOT_OPERATORS: `slack:${A.operator}`,
        LOG_LEVEL: "debug",
      },
      cleanups,
    );
    await fake.waitFor(() => bot.stdout().includes("installs at /slack/install"), 60_000);
    const main = { base: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/slack/events` };
    expect((await install(fake, main, { teamId: A.teamId, userId: A.operator })).done.status).toBe(200);
    // A new database: its first group adopts the first workspace installed; BOT_OPERATORS hold its roles.
    await slash(a, main, A.operator, "/setup", "channel purpose:announcements", A.general);
    await slash(a, main, A.operator, "/announce", 'text:"Installed by npm start"', A.general);
    await a.waitFor(() => a.messagesIn(A.general).some((m) => m.text === "Installed by npm start"), PATIENCE_MS);
    expect(a.callsTo("chat.postMessage").every((c) => c.token === A.botToken)).toBe(true);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    const output = bot.stdout() + bot.stderr();
    for (const secret of [A.botToken, CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET]) expect(output).not.toContain(secret);
  });

  it("refuses to start without the state secret, in one line naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slack-installs-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bot = startMain({ ...baseEnvironment(), SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET, PUBLIC_URL, DATABASE_URL: join(dir, "bot.db") }, cleanups);
    expect(await bot.exited).toBe(2);
    expect(bot.stderr()).toContain("slack: SLACK_STATE_SECRET is missing");
    expect(bot.stderr()).not.toContain(CLIENT_SECRET);
  });
});
