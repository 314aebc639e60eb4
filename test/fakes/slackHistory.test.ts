// The fake Slack's message metadata and conversations.history, driven by @slack/web-api's own client,
// as the bot's sender calls them: what Slack documents is what the fake does.
import { afterEach, describe, expect, it } from "vitest";
import { webApi } from "@slack/bolt";
import { startFakeSlack, type FakeSlack } from "./slack/index.ts";

const BOT_TOKEN = "xoxb-fake-history-token";
const APP_TOKEN = "xapp-1-fake-history-app";
const GENERAL = "C0GENERAL01";
const PRIVATE = "G0PRIVATE01";
const ALICE = "U0ALICE0001";

const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fakeSlack(botScopes?: string[]): Promise<{ fake: FakeSlack; client: webApi.WebClient }> {
  const fake = await startFakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    signingSecret: "s",
    teamId: "T0HISTORY",
    users: [{ id: ALICE, name: "alice" }],
    channels: [{ id: GENERAL, name: "general" }, { id: PRIVATE, name: "private", isPrivate: true }],
    ...(botScopes ? { botScopes } : {}),
  });
  fakes.push(fake);
  return { fake, client: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }) };
}

const slackError = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (e: unknown) => e as { data?: Record<string, unknown> },
  );
  return error?.data ?? null;
};

describe("the fake Slack's message metadata", () => {
  it("keeps a well-formed metadata and returns it from conversations.history only when include_all_metadata asks", async () => {
    const { fake, client } = await fakeSlack();
    const metadata = { event_type: "outbox-post_1", event_payload: { key: "poll:3", n: 2, ok: true, nested: { a: "b" }, list: [{ x: 1 }] } };
    const posted = await client.chat.postMessage({ channel: GENERAL, text: "hello", metadata });
    expect(fake.messagesIn(GENERAL)[0]!.metadata).toEqual(metadata);

    const withMetadata = await client.conversations.history({ channel: GENERAL, include_all_metadata: true });
    expect(withMetadata.messages).toEqual([expect.objectContaining({ ts: posted.ts, text: "hello", bot_id: fake.botId, metadata })]);
    const without = await client.conversations.history({ channel: GENERAL });
    expect(without.messages![0]).not.toHaveProperty("metadata");
  });

  it("posts without the metadata, with Slack's warning, when event_type has punctuation; refuses a metadata that is no object", async () => {
    const { fake, client } = await fakeSlack();
    const posted = await client.chat.postMessage({ channel: GENERAL, text: "dotted", metadata: { event_type: "outbox.post", event_payload: { key: "k" } } });
    expect(posted.response_metadata?.warnings).toEqual(["invalid_metadata_schema"]);
    expect(fake.messagesIn(GENERAL)[0]!.metadata).toBeUndefined();

    // @slack/web-api sends form bodies, with metadata JSON-encoded; a string that is not JSON is refused.
    const body = new URLSearchParams({ channel: GENERAL, text: "raw", metadata: "not json" });
    const refused = (await (await fetch(`${fake.apiUrl}chat.postMessage`, { method: "POST", headers: { Authorization: `Bearer ${BOT_TOKEN}` }, body })).json()) as Record<string, unknown>;
    expect(refused).toEqual({ ok: false, error: "invalid_metadata_format" });
    expect(await slackError(client.chat.postMessage({ channel: GENERAL, text: "no payload", metadata: { event_type: "x" } as never }))).toMatchObject({ error: "invalid_metadata_format" });
    expect(fake.messagesIn(GENERAL)).toHaveLength(1);
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([
      ["/metadata/event_type: event_type may contain letters, numbers, underscores and hyphens only"],
      ["/metadata: metadata must be a JSON object with event_type and event_payload"],
      ["/metadata/event_payload: event_payload must be a JSON object"],
    ]);
  });
});

describe("the fake Slack's conversations.history", () => {
  it("pages newest first with has_more and next_cursor, between oldest and latest, inclusive when asked", async () => {
    const { client } = await fakeSlack();
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) ts.push((await client.chat.postMessage({ channel: GENERAL, text: `m${i}` })).ts!);
    // A thread reply is not part of the channel's history.
    await client.chat.postMessage({ channel: GENERAL, text: "reply", thread_ts: ts[0]! });

    const first = await client.conversations.history({ channel: GENERAL, limit: 2 });
    expect(first.messages!.map((m) => m.text)).toEqual(["m4", "m3"]);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({ channel: GENERAL, limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect(second.messages!.map((m) => m.text)).toEqual(["m2", "m1"]);
    const third = await client.conversations.history({ channel: GENERAL, limit: 2, cursor: second.response_metadata!.next_cursor! });
    expect(third.messages!.map((m) => m.text)).toEqual(["m0"]);
    expect(third.has_more).toBe(false);
    expect(third.response_metadata?.next_cursor).toBe("");

    expect((await client.conversations.history({ channel: GENERAL, oldest: ts[1]!, latest: ts[3]! })).messages!.map((m) => m.text)).toEqual(["m2"]);
    expect((await client.conversations.history({ channel: GENERAL, oldest: ts[1]!, latest: ts[3]!, inclusive: true })).messages!.map((m) => m.text)).toEqual(["m3", "m2", "m1"]);
    expect(await slackError(client.conversations.history({ channel: GENERAL, cursor: "bm9wZQ==" }))).toMatchObject({ error: "invalid_cursor" });
    expect(await slackError(client.conversations.history({ channel: GENERAL, oldest: "yesterday" }))).toMatchObject({ error: "invalid_ts_oldest" });
    expect(await slackError(client.conversations.history({ channel: "C0NOWHERE" }))).toMatchObject({ error: "channel_not_found" });
  });

  it("wants the bot token and the history scope of the conversation's kind", async () => {
    const { fake, client } = await fakeSlack(["chat:write", "im:write", "channels:history"]);
    expect((await client.conversations.history({ channel: GENERAL })).ok).toBe(true);
    expect(await slackError(client.conversations.history({ channel: PRIVATE }))).toMatchObject({ error: "missing_scope", needed: "groups:history" });
    const dm = (await client.conversations.open({ users: ALICE })).channel!.id!;
    expect(await slackError(client.conversations.history({ channel: dm }))).toMatchObject({ error: "missing_scope", needed: "im:history" });
    const asApp = new webApi.WebClient(APP_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect(await slackError(asApp.conversations.history({ channel: GENERAL }))).toMatchObject({ error: "not_allowed_token_type" });
  });
});

describe("the fake Slack's hold fault", () => {
  it("records a chat.postMessage and holds its answer back until released", async () => {
    const { fake, client } = await fakeSlack();
    const hold = fake.failNext({ method: "chat.postMessage", hold: true });
    let answered = false;
    const posting = client.chat.postMessage({ channel: GENERAL, text: "held" }).then((r) => {
      answered = true;
      return r;
    });
    await fake.waitFor(() => fake.messagesIn(GENERAL)[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    expect(fake.callsTo("chat.postMessage")).toEqual([expect.objectContaining({ held: true, httpStatus: 200 })]);
    hold.release();
    expect((await posting).ts).toBe(fake.messagesIn(GENERAL)[0]!.ts);
  });
});
