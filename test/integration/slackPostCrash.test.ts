// A Slack post is shown once even when the deliverer dies after Slack took it and before the outbox
// recorded it: Slack has no nonce, so every post carries its idempotency key as message metadata, and a
// delivery left unfinished is first looked for in the conversation's history (sender.ts). Run on the
// database of the project (SQLite file, or PostgreSQL in the *-postgres projects).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webApi, type Logger } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { singleWorkspace } from "../../src/adapters/slack/installations.ts";
import { OUTBOX_EVENT_TYPE, SlackSender } from "../../src/adapters/slack/sender.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import type { Destination, QueuedMessage } from "../../src/core/outbox/message.ts";
import { ManualClock } from "../../src/core/shared/clock.ts";
import { createGroup } from "../../src/core/setup/configureGroup.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { startFakeSlack, type FakeSlack, type RecordedMessage } from "../fakes/slack/index.ts";
import { readerFor, testDatabase } from "../support/database.ts";
import { REPO_ROOT } from "../support/shell.ts";

const BOT_TOKEN = "xoxb-slack-post-crash";
const CHANNEL = "C0CRASH01";
const OPERATOR = "U0OPERATOR";
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };

interface World {
  target: string;
  db: OpenedDatabase;
  fake: FakeSlack;
  clock: ManualClock;
  deps: { store: OpenedDatabase["store"]; clock: ManualClock };
  groupId: number;
  operatorId: number;
  /** Queues a post to the announcements channel, or to the operator's direct messages. */
  enqueue(key: string, to: "channel" | "dm"): Promise<void>;
  sender(): SlackSender;
}

async function world(fakeOptions: { botScopes?: string[] } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "slack-post-crash-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const database = await testDatabase(dir);
  cleanups.push(() => database.drop());
  const db = await openDatabase(database.target);
  cleanups.push(() => db.close());
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "s", teamId: "T0CRASH", users: [{ id: OPERATOR, name: "operator" }], channels: [{ id: CHANNEL, name: "general" }], ...fakeOptions });
  cleanups.push(() => fake.close());
  const clock = new ManualClock(new Date());
  const deps = { store: db.store, clock };
  const group = await createGroup(deps, "Crash", "UTC", { handle: "operator", identity: { platform: "slack", externalId: OPERATOR } });
  const operator = await db.store.transaction(async (tx) => {
    await tx.groups.bind(group.id, { platform: "slack", channelId: CHANNEL, purpose: "announcements" });
    // What setting up the group queued is not part of these tests.
    for (const m of await tx.outbox.due(new Date(Date.now() + 3_600_000), 1000)) await tx.outbox.markSent(m.id, new Date());
    return tx.people.byIdentity(group.id, { platform: "slack", externalId: OPERATOR });
  });
  const enqueue = (key: string, to: "channel" | "dm") =>
    db.store.transaction((tx) =>
      tx.outbox.enqueue(
        { groupId: group.id, idempotencyKey: key, audience: to === "channel" ? { kind: "channel", purpose: "announcements" } : { kind: "person", personId: operator!.id }, text: `message ${key}` },
        clock.now(),
      ),
    );
  const sender = () => new SlackSender(singleWorkspace(new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logger: silent, retryConfig: { retries: 0 } })), deps, silent);
  return { target: database.target, db, fake, clock, deps, groupId: group.id, operatorId: operator!.id, enqueue, sender };
}

/** The messages in a conversation that carry an outbox key, by key. */
function posted(fake: FakeSlack, channel: string): Map<string, RecordedMessage[]> {
  const byKey = new Map<string, RecordedMessage[]>();
  for (const m of fake.messagesIn(channel)) {
    const metadata = m.metadata as { event_type: string; event_payload: { idempotency_key: string } } | undefined;
    if (metadata?.event_type !== OUTBOX_EVENT_TYPE) continue;
    const key = metadata.event_payload.idempotency_key;
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  return byKey;
}

function outboxRows(w: World) {
  const reader = readerFor(w.target);
  try {
    return {
      messages: reader.rows<{ idempotencyKey: string; status: string; claimedBy: string | null }>(`SELECT idempotencyKey, status, claimedBy FROM OutboxMessage ORDER BY id`),
      deliveries: reader.rows<{ key: string; status: string; ref: string | null; attempts: number }>(
        `SELECT m.idempotencyKey AS key, d.status AS status, d.ref AS ref, d.attempts AS attempts FROM OutboxDelivery d JOIN OutboxMessage m ON m.id = d.messageId ORDER BY d.id`,
      ),
    };
  } finally {
    reader.close();
  }
}

const dmChannel = (w: World) => [...Object.keys(w.fake.messages)].find((id) => id.startsWith("D"));

interface Worker {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** A bot process delivering the outbox through the real Slack sender (outboxWorker.ts) until nothing is left. */
function startWorker(w: World, name: string, leaseMs: number): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "test/integration/outboxWorker.ts"), w.target, w.fake.apiUrl, name, String(leaseMs)], {
    cwd: REPO_ROOT,
    env: { ...process.env, SLACK_BOT_TOKEN: BOT_TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c));
  child.stderr!.on("data", (c: Buffer) => (stderr += c));
  return { child, done: new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

describe("a Slack post whose deliverer dies after Slack took it", () => {
  it("is shown once: the next deliverer finds it by its key in the conversation instead of posting again", async () => {
    const w = await world();
    await w.enqueue("crash:dm", "dm");
    await w.enqueue("crash:channel", "channel");
    // Slack takes the first post (the direct message) and records it, but the answer never leaves.
    const hold = w.fake.failNext({ method: "chat.postMessage", hold: true });
    const doomed = startWorker(w, "doomed", 3_000);
    await w.fake.waitFor(() => hold.hits === 1 && dmChannel(w) && posted(w.fake, dmChannel(w)!).get("crash:dm"), 60_000);
    doomed.child.kill("SIGKILL");
    expect((await doomed.done).signal).toBe("SIGKILL");
    const dm = dmChannel(w)!;
    const landed = posted(w.fake, dm).get("crash:dm")!;
    expect(landed).toHaveLength(1);
    // The process died with the delivery recorded as under way and nothing recorded of Slack's answer.
    const before = outboxRows(w);
    expect(before.deliveries).toEqual([{ key: "crash:dm", status: "sending", ref: null, attempts: 1 }]);
    expect(before.messages.map((m) => [m.idempotencyKey, m.status, m.claimedBy?.split(":")[0]])).toEqual([
      ["crash:dm", "pending", "doomed"],
      ["crash:channel", "pending", "doomed"],
    ]);

    const survivor = startWorker(w, "survivor", 3_000);
    const run = await survivor.done;
    expect(run.code, run.stderr).toBe(0);

    // Once each: the direct message found, not posted again; the channel's message posted on its first attempt.
    expect(posted(w.fake, dm).get("crash:dm")).toEqual(landed);
    expect(posted(w.fake, CHANNEL).get("crash:channel")).toHaveLength(1);
    expect(w.fake.callsTo("chat.postMessage")).toHaveLength(2);
    const lookups = w.fake.callsTo("conversations.history");
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.args).toMatchObject({ channel: dm, include_all_metadata: "true", inclusive: "true", limit: "100" });
    expect(lookups[0]!.response.ok).toBe(true);
    const after = outboxRows(w);
    expect(after.deliveries).toEqual([
      { key: "crash:dm", status: "sent", ref: `${dm}:${landed[0]!.ts}`, attempts: 2 },
      { key: "crash:channel", status: "sent", ref: `${CHANNEL}:${posted(w.fake, CHANNEL).get("crash:channel")![0]!.ts}`, attempts: 1 },
    ]);
    expect(after.messages.every((m) => m.status === "sent" && m.claimedBy === null)).toBe(true);
  }, 120_000);
});

describe("a Slack post retried in one process", () => {
  const due = (w: World) => w.deps.store.transaction((tx) => tx.outbox.due(new Date(w.clock.now().getTime() + 86_400_000), 10));

  it("still posts when its first attempt never reached Slack, and costs a first attempt no history call", async () => {
    const w = await world();
    const sender = w.sender();
    // Another post of the outbox already in the channel: its key is not this message's.
    await w.enqueue("retry:other", "channel");
    expect(await deliverOutbox(w.deps, [sender])).toBe(1);
    expect(w.fake.callsTo("conversations.history")).toHaveLength(0);

    await w.enqueue("retry:lost", "channel");
    const queuedAt = w.clock.now();
    w.fake.failNext({ method: "chat.postMessage", error: "internal_error" });
    expect(await deliverOutbox(w.deps, [sender])).toBe(0);
    expect(w.fake.callsTo("conversations.history")).toHaveLength(0);
    expect(posted(w.fake, CHANNEL).get("retry:lost")).toBeUndefined();

    w.clock.advance(60_000); // past the outbox's first backoff (30 s)
    expect(await deliverOutbox(w.deps, [sender])).toBe(1);
    expect(posted(w.fake, CHANNEL).get("retry:lost")).toHaveLength(1);
    expect(posted(w.fake, CHANNEL).get("retry:other")).toHaveLength(1);
    const lookups = w.fake.callsTo("conversations.history");
    expect(lookups).toHaveLength(1);
    // The window starts a minute (clock skew) before the message was queued: no attempt began earlier.
    expect(Number(lookups[0]!.args.oldest)).toBeCloseTo((queuedAt.getTime() - 60_000) / 1000, 3);
    expect(await due(w)).toEqual([]);
  });

  it("finds an attempt that landed however many messages came after it, paging back through the window", async () => {
    const w = await world();
    await w.enqueue("retry:landed", "channel");
    const [message] = await due(w);
    const destination: Destination = { kind: "channel", platform: "slack", channelId: CHANNEL, purpose: "announcements" };
    // What a deliverer that died after Slack's answer, before recording it, leaves behind.
    await w.deps.store.transaction((tx) => tx.outbox.startDelivery(message!.id, destination));
    const ref = await w.sender().post(message as QueuedMessage, destination);
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: w.fake.apiUrl, logger: silent });
    for (let i = 0; i < 130; i++) await client.chat.postMessage({ channel: CHANNEL, text: `chatter ${i}` });

    expect(await deliverOutbox(w.deps, [w.sender()])).toBe(1);
    expect(posted(w.fake, CHANNEL).get("retry:landed")).toHaveLength(1);
    expect(w.fake.callsTo("conversations.history").map((c) => c.args.cursor === undefined)).toEqual([true, false]);
    expect(w.fake.callsTo("chat.postMessage")).toHaveLength(131);
    expect(await w.deps.store.transaction((tx) => tx.outbox.deliveries("retry:landed"))).toEqual([{ destination, status: "sent", ref }]);
    expect(await due(w)).toEqual([]);
  });

  it("posts again, and says so, where the app was installed without the history scopes", async () => {
    const w = await world({ botScopes: ["commands", "chat:write", "im:write"] });
    const warnings: string[] = [];
    const logger: Logger = { ...silent, warn: (...m: unknown[]) => void warnings.push(m.join(" ")) };
    const sender = new SlackSender(singleWorkspace(new webApi.WebClient(BOT_TOKEN, { slackApiUrl: w.fake.apiUrl, logger: silent, retryConfig: { retries: 0 } })), w.deps, logger);
    await w.enqueue("retry:unscoped", "channel");
    const [message] = await due(w);
    const destination: Destination = { kind: "channel", platform: "slack", channelId: CHANNEL, purpose: "announcements" };
    await w.deps.store.transaction((tx) => tx.outbox.startDelivery(message!.id, destination));
    await sender.post(message as QueuedMessage, destination);

    expect(await deliverOutbox(w.deps, [sender])).toBe(1);
    expect(w.fake.callsTo("conversations.history").map((c) => c.response.error)).toEqual(["missing_scope"]);
    expect(posted(w.fake, CHANNEL).get("retry:unscoped")).toHaveLength(2);
    expect(warnings.join("\n")).toMatch(/could not look for an earlier post .*missing_scope.*posting it again/);
    expect(await due(w)).toEqual([]);
  });
});
