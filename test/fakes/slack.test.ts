import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { App, LogLevel, SocketModeReceiver, webApi, type AppOptions, type BlockAction, type ButtonAction } from "@slack/bolt";
import { SocketAckTimeoutError, startFakeSlack, type FakeSlack } from "./slack/index.ts";

const BOT_TOKEN = "xoxb-fake-bot-token";
const APP_TOKEN = "xapp-1-fake-app-token";
const SIGNING_SECRET = "fake-signing-secret";
const TEAM_ID = "T0FAKETEAM";
const ALICE = "U0ALICE0001";
const GENERAL = "C0GENERAL01";

// Everything a test starts is stopped here: apps first, so no Socket Mode client tries to reconnect to a closed fake.
const apps: App[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fakeSlack(overrides: { triggerTtlMs?: number } = {}): Promise<FakeSlack> {
  const fake = await startFakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: TEAM_ID,
    users: [{ id: ALICE, name: "alice", realName: "Alice Example", tz: "Europe/Paris" }],
    channels: [{ id: GENERAL, name: "general" }],
    ...overrides,
  });
  fakes.push(fake);
  return fake;
}

/** An unmodified Bolt App with its default HTTPReceiver on an ephemeral loopback port. */
async function httpApp(fake: FakeSlack, clientOptions: AppOptions["clientOptions"] = {}): Promise<{ app: App; url: string }> {
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: fake.apiUrl, ...clientOptions },
    logLevel: LogLevel.ERROR,
  });
  apps.push(app);
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  return { app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` };
}

const pollBlocks = [
  { type: "section", block_id: "poll_question", text: { type: "mrkdwn", text: "*Budget?*" } },
  {
    type: "actions",
    block_id: "poll_votes",
    elements: [
      { type: "button", action_id: "vote_yes", value: "yes", text: { type: "plain_text", text: "Yes" } },
      { type: "button", action_id: "vote_no", value: "no", text: { type: "plain_text", text: "No" } },
    ],
  },
];

const pollModal = {
  type: "modal" as const,
  callback_id: "poll_create",
  private_metadata: "poll:42",
  title: { type: "plain_text" as const, text: "New poll" },
  submit: { type: "plain_text" as const, text: "Open" },
  blocks: [
    { type: "input", block_id: "title", label: { type: "plain_text", text: "Title" }, element: { type: "plain_text_input", action_id: "title_input" } },
    {
      type: "input",
      block_id: "rule",
      label: { type: "plain_text", text: "Rule" },
      element: {
        type: "static_select",
        action_id: "rule_select",
        options: [
          { text: { type: "plain_text", text: "Consensus" }, value: "consensus" },
          { text: { type: "plain_text", text: "Majority" }, value: "majority" },
        ],
      },
    },
    { type: "input", block_id: "note", optional: true, label: { type: "plain_text", text: "Note" }, element: { type: "plain_text_input", action_id: "note_input" } },
  ],
};

describe("fake Slack in HTTP mode, driving a real Bolt App", () => {
  it("answers auth.test when Bolt starts, with the bot token", async () => {
    const fake = await fakeSlack();
    await httpApp(fake);
    const authTest = await fake.waitForCall("auth.test");
    expect(authTest.token).toBe(BOT_TOKEN);
    expect(authTest.response).toMatchObject({ ok: true, team_id: TEAM_ID, user_id: fake.botUserId, bot_id: fake.botId });
  });

  it("delivers a signed slash command; respond() and chat.postMessage land at the fake", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    app.command("/poll", async ({ command, ack, respond, client }) => {
      await ack();
      await respond({ response_type: "ephemeral", text: `Opening: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: "Poll: Budget?", blocks: pollBlocks });
    });

    const delivery = await fake.http.slashCommand(url, { command: "/poll", text: 'open title:"x" closes:48h', userId: ALICE, channelId: GENERAL });

    expect(delivery.status).toBe(200);
    expect(delivery.elapsedMs).toBeLessThan(3000);
    const posted = await fake.waitFor(() => fake.messagesIn(GENERAL)[0]);
    expect(posted).toMatchObject({ text: "Poll: Budget?", user: fake.botUserId, blocks: pollBlocks });
    expect(fake.callsTo("chat.postMessage")[0]?.token).toBe(BOT_TOKEN);
    const response = await fake.waitFor(() => fake.responseUrlPosts[0]);
    expect(response).toMatchObject({ responseType: "ephemeral", text: 'Opening: open title:"x" closes:48h', httpStatus: 200 });
    expect(response.url).toBe(delivery.payload.response_url);
    expect(fake.ephemerals).toEqual([expect.objectContaining({ user: ALICE, channel: GENERAL, via: "response_url" })]);
  });

  it("delivers a block action; views.open with its trigger_id is recorded", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    const posted = await app.client.chat.postMessage({ channel: GENERAL, text: "Poll", blocks: pollBlocks });
    const clicks: { actionId: string; blockId: string; value: string | undefined; messageTs: string | undefined }[] = [];
    app.action<BlockAction<ButtonAction>>("vote_yes", async ({ ack, body, action, client }) => {
      await ack();
      clicks.push({ actionId: action.action_id, blockId: action.block_id, value: action.value, messageTs: body.message?.ts });
      await client.views.open({ trigger_id: body.trigger_id, view: pollModal });
    });

    const delivery = await fake.http.blockAction(url, { actionId: "vote_yes", value: "yes", userId: ALICE, channelId: GENERAL, messageTs: posted.ts! });

    expect(delivery.status).toBe(200);
    const opened = await fake.waitFor(() => fake.views[0]);
    expect(opened.triggerId).toBe(delivery.payload.trigger_id);
    expect(opened.userId).toBe(ALICE);
    expect(opened.view).toMatchObject({ callback_id: "poll_create", private_metadata: "poll:42", type: "modal" });
    expect(clicks).toEqual([{ actionId: "vote_yes", blockId: "poll_votes", value: "yes", messageTs: posted.ts }]);
  });

  it("delivers a view submission with the modal's values", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    app.action("vote_yes", async ({ ack, body, client }) => {
      await ack();
      if (body.type === "block_actions") await client.views.open({ trigger_id: body.trigger_id, view: pollModal });
    });
    const submitted: unknown[] = [];
    app.view("poll_create", async ({ ack, view }) => {
      submitted.push({ metadata: view.private_metadata, values: view.state.values });
      await ack();
    });
    const posted = await app.client.chat.postMessage({ channel: GENERAL, text: "Poll", blocks: pollBlocks });
    await fake.http.blockAction(url, { actionId: "vote_yes", userId: ALICE, channelId: GENERAL, messageTs: posted.ts! });
    const opened = await fake.waitFor(() => fake.views[0]);

    const delivery = await fake.http.viewSubmission(url, {
      viewId: opened.id,
      userId: ALICE,
      values: { title: { title_input: "Budget 2026" }, rule: { rule_select: "majority" } },
    });

    expect(delivery.status).toBe(200);
    expect(submitted).toEqual([
      {
        metadata: "poll:42",
        values: {
          title: { title_input: { type: "plain_text_input", value: "Budget 2026" } },
          rule: { rule_select: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Majority", emoji: true }, value: "majority" } } },
          note: { note_input: { type: "plain_text_input", value: null } },
        },
      },
    ]);
  });

  it("returns the ack body of a view submission (response_action errors)", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    app.view("poll_create", async ({ ack }) => {
      await ack({ response_action: "errors", errors: { title: "Title is required" } });
    });
    const delivery = await fake.http.viewSubmission(url, { callbackId: "poll_create", userId: ALICE, values: { title: { title_input: "" } } });
    expect(delivery.status).toBe(200);
    expect(delivery.json).toEqual({ response_action: "errors", errors: { title: "Title is required" } });
  });

  it("gets 401 for a badly signed or stale request, which never reaches the handler", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    let handled = 0;
    app.command("/poll", async ({ ack }) => {
      handled += 1;
      await ack();
    });
    const command = { command: "/poll", text: "list", userId: ALICE, channelId: GENERAL };

    expect((await fake.http.slashCommand(url, command, { corruptSignature: true })).status).toBe(401);
    expect((await fake.http.slashCommand(url, command, { signingSecret: "someone-else" })).status).toBe(401);
    expect((await fake.http.slashCommand(url, command, { omitSignature: true })).status).toBe(401);
    expect((await fake.http.slashCommand(url, command, { timestampOffsetSeconds: -6 * 60 })).status).toBe(401);
    expect(handled).toBe(0);

    expect((await fake.http.slashCommand(url, command, { timestampOffsetSeconds: -4 * 60 })).status).toBe(200);
    expect(handled).toBe(1);
  });

  it("passes Slack's retry headers through to Bolt", async () => {
    const fake = await fakeSlack();
    const { app, url } = await httpApp(fake);
    const seen: unknown[] = [];
    app.command("/poll", async ({ ack, context }) => {
      seen.push({ retryNum: context.retryNum, retryReason: context.retryReason });
      await ack();
    });
    await fake.http.slashCommand(url, { command: "/poll", userId: ALICE, channelId: GENERAL }, { retryNum: 1, retryReason: "http_timeout" });
    expect(seen).toEqual([{ retryNum: 1, retryReason: "http_timeout" }]);
  });
});

describe("fake Slack in Socket Mode, driving a real Bolt App", () => {
  async function socketApp(fake: FakeSlack): Promise<App> {
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    apps.push(app);
    await app.start();
    return app;
  }

  it("connects through apps.connections.open with the app token and gets hello", async () => {
    const fake = await fakeSlack();
    await socketApp(fake);
    const open = fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    expect(open[0]?.response.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    expect(fake.socket.openConnections).toBe(1);
  });

  it("delivers a slash command envelope and records the ack", async () => {
    const fake = await fakeSlack();
    const app = await socketApp(fake);
    app.command("/poll", async ({ command, ack, client }) => {
      await ack({ text: `Got: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: "Poll: Budget?", blocks: pollBlocks });
    });

    const acked = await fake.socket.slashCommand({ command: "/poll", text: "open title:x", userId: ALICE, channelId: GENERAL });

    expect(acked.ackPayload).toEqual({ text: "Got: open title:x" });
    expect(acked.elapsedMs).toBeLessThan(3000);
    expect(fake.socket.envelopes[0]).toMatchObject({ type: "slash_commands", acceptsResponsePayload: true, envelopeId: acked.envelopeId });
    expect(await fake.waitFor(() => fake.messagesIn(GENERAL)[0]?.text)).toBe("Poll: Budget?");
  });

  it("delivers a block action envelope; the handler opens a modal", async () => {
    const fake = await fakeSlack();
    const app = await socketApp(fake);
    app.action("vote_yes", async ({ ack, body, client }) => {
      await ack();
      if (body.type === "block_actions") await client.views.open({ trigger_id: body.trigger_id, view: pollModal });
    });
    const posted = await app.client.chat.postMessage({ channel: GENERAL, text: "Poll", blocks: pollBlocks });

    const acked = await fake.socket.blockAction({ actionId: "vote_yes", value: "yes", userId: ALICE, channelId: GENERAL, messageTs: posted.ts! });

    expect(acked.ackPayload).toEqual({});
    expect(fake.socket.envelopes.at(-1)).toMatchObject({ type: "interactive", acceptsResponsePayload: false });
    const opened = await fake.waitFor(() => fake.views[0]);
    expect(opened.triggerId).toBe(acked.payload.trigger_id);
  });

  it("reports an envelope the app never acks", async () => {
    const fake = await fakeSlack();
    await socketApp(fake);
    const delivery = fake.socket.slashCommand({ command: "/nobody-listens", userId: ALICE, channelId: GENERAL }, { timeoutMs: 300 });
    await expect(delivery).rejects.toBeInstanceOf(SocketAckTimeoutError);
    expect(fake.socket.unackedEnvelopes().map((envelope) => envelope.payload)).toEqual([expect.objectContaining({ command: "/nobody-listens" })]);
  });

  it("survives a disconnect message: the SDK reconnects and envelopes flow again", async () => {
    const fake = await fakeSlack();
    // The SDK waits clientPingTimeout before reconnecting (5 s by default); only a custom receiver can shorten it.
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      clientPingTimeout: 300,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
      logLevel: LogLevel.ERROR,
    });
    const app = new App({ token: BOT_TOKEN, receiver, clientOptions: { slackApiUrl: fake.apiUrl }, logLevel: LogLevel.ERROR });
    apps.push(app);
    app.command("/poll", async ({ ack }) => {
      await ack();
    });
    await app.start();

    expect(fake.socket.requestReconnect()).toBe(1);
    await fake.waitFor(() => fake.socket.connectionsOpened === 2 && fake.socket.openConnections === 1, 5000);

    const acked = await fake.socket.slashCommand({ command: "/poll", userId: ALICE, channelId: GENERAL });
    expect(fake.socket.envelopes.find((envelope) => envelope.envelopeId === acked.envelopeId)?.connectionId).toBe(2);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(2);
  });
});

describe("fake Slack Web API faults and errors", () => {
  it("a ratelimited 429 with Retry-After makes @slack/web-api wait and retry; one message is posted", async () => {
    const fake = await fakeSlack();
    // The default policy (10 retries, ~30 min) adds its own 1-2 s backoff after the Retry-After wait; rapid keeps this short.
    const { app, url } = await httpApp(fake, { retryConfig: webApi.retryPolicies.rapidRetryPolicy });
    let handlerDone = false;
    app.command("/poll", async ({ ack, client, command }) => {
      await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: "Poll: Budget?" });
      handlerDone = true;
    });
    const fault = fake.failNext({ method: "chat.postMessage", error: "ratelimited", retryAfter: 1 });

    await fake.http.slashCommand(url, { command: "/poll", userId: ALICE, channelId: GENERAL });
    await fake.waitFor(() => handlerDone, 5000);

    const attempts = fake.callsTo("chat.postMessage");
    expect(attempts.map((call) => call.httpStatus)).toEqual([429, 200]);
    expect(attempts[0]?.response).toEqual({ ok: false, error: "ratelimited" });
    expect(attempts[1]!.time - attempts[0]!.time).toBeGreaterThanOrEqual(950);
    expect(fault.hits).toBe(1);
    expect(fake.messagesIn(GENERAL)).toHaveLength(1);
  });

  it("answers 429 with a Retry-After header on the wire, and takes JSON bodies", async () => {
    const fake = await fakeSlack();
    fake.failNext({ method: /^chat\./, error: "ratelimited", retryAfter: 7 });
    const postJson = () =>
      fetch(`${fake.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { Authorization: `Bearer ${BOT_TOKEN}`, "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ channel: GENERAL, text: "hi", blocks: pollBlocks }),
      });

    const limited = await postJson();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(await limited.json()).toEqual({ ok: false, error: "ratelimited" });

    const accepted = await postJson();
    expect(await accepted.json()).toMatchObject({ ok: true, channel: GENERAL, message: { text: "hi", blocks: pollBlocks } });
    expect(fake.calls.at(-1)?.args).toEqual({ channel: GENERAL, text: "hi", blocks: pollBlocks });
  });

  it("answers HTTP 500 and ok:false faults, then recovers", async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    fake.failNext({ method: "chat.postMessage", status: 500 });
    fake.failNext({ method: "chat.postMessage", error: "channel_not_found" });

    await expect(client.chat.postMessage({ channel: GENERAL, text: "one" })).rejects.toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    await expect(client.chat.postMessage({ channel: GENERAL, text: "two" })).rejects.toMatchObject({ data: { error: "channel_not_found" } });
    await expect(client.chat.postMessage({ channel: GENERAL, text: "three" })).resolves.toMatchObject({ ok: true, channel: GENERAL });
    expect(fake.messagesIn(GENERAL).map((message) => message.text)).toEqual(["three"]);
  });

  it("rejects wrong tokens, wrong token types and unknown methods like Slack", async () => {
    const fake = await fakeSlack();
    const options = { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR };
    const platformError = (error: string) => ({ code: webApi.ErrorCode.PlatformError, data: expect.objectContaining({ error }) });

    await expect(new webApi.WebClient("xoxb-wrong", options).auth.test()).rejects.toMatchObject(platformError("invalid_auth"));
    await expect(new webApi.WebClient(APP_TOKEN, options).chat.postMessage({ channel: GENERAL, text: "x" })).rejects.toMatchObject(platformError("not_allowed_token_type"));
    await expect(new webApi.WebClient(BOT_TOKEN, options).apiCall("polls.frobnicate", { x: 1 })).rejects.toMatchObject(platformError("unknown_method"));
    expect(fake.callsTo("polls.frobnicate")).toEqual([expect.objectContaining({ args: { x: "1" }, token: BOT_TOKEN })]);
  });

  it("keeps messages' current state through chat.update and chat.delete", async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logLevel: webApi.LogLevel.ERROR });
    const first = await client.chat.postMessage({ channel: GENERAL, text: "Poll: open" });
    const second = await client.chat.postMessage({ channel: GENERAL, text: "Reminder" });
    await client.chat.update({ channel: GENERAL, ts: first.ts!, text: "Poll: closed" });
    await client.chat.delete({ channel: GENERAL, ts: second.ts! });
    await client.chat.postEphemeral({ channel: GENERAL, user: ALICE, text: "Only you" });

    expect(fake.messagesIn(GENERAL)).toEqual([expect.objectContaining({ ts: first.ts, text: "Poll: closed", history: [expect.objectContaining({ text: "Poll: open" })] })]);
    expect(fake.deletedMessages.map((message) => message.ts)).toEqual([second.ts]);
    expect(fake.ephemerals).toEqual([expect.objectContaining({ user: ALICE, text: "Only you", via: "chat.postEphemeral" })]);
    await expect(client.chat.update({ channel: GENERAL, ts: second.ts!, text: "x" })).rejects.toMatchObject({ data: { error: "message_not_found" } });
  });

  it("opens DMs, answers users.info, and guards trigger_ids like Slack", async () => {
    const fake = await fakeSlack({ triggerTtlMs: 0 });
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logLevel: webApi.LogLevel.ERROR });
    const dm = await client.conversations.open({ users: ALICE });
    expect(dm.channel?.id).toMatch(/^D/);
    expect((await client.conversations.open({ users: ALICE })).channel?.id).toBe(dm.channel?.id);
    await client.chat.postMessage({ channel: ALICE, text: "Hello" });
    expect(fake.messagesIn(dm.channel!.id!).map((message) => message.text)).toEqual(["Hello"]);
    expect((await client.users.info({ user: ALICE })).user).toMatchObject({ id: ALICE, name: "alice", real_name: "Alice Example", tz: "Europe/Paris" });
    await expect(client.users.info({ user: "U0NOBODY" })).rejects.toMatchObject({ data: { error: "user_not_found" } });

    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "x" }, blocks: [] };
    await expect(client.views.open({ trigger_id: "123.456.abc", view })).rejects.toMatchObject({ data: { error: "invalid_trigger_id" } });
    await expect(client.views.open({ trigger_id: fake.issueTriggerId(ALICE), view })).rejects.toMatchObject({ data: { error: "expired_trigger_id" } });
  });

  it("refuses a trigger_id exchanged twice", async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logLevel: webApi.LogLevel.ERROR });
    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "x" }, blocks: [] };
    const triggerId = fake.issueTriggerId(ALICE);
    const opened = await client.views.open({ trigger_id: triggerId, view });
    await expect(client.views.open({ trigger_id: triggerId, view })).rejects.toMatchObject({ data: { error: "exchanged_trigger_id" } });
    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: { ...view, title: { type: "plain_text", text: "y" } } });
    expect(updated.view?.title?.text).toBe("y");
    expect(fake.views[0]?.history).toHaveLength(1);
    await expect(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view })).rejects.toMatchObject({ data: { error: "hash_conflict" } });
  });
});
