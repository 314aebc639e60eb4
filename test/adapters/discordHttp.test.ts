// Discord in HTTP interactions mode, end to end: the fake Discord POSTs signed interactions to the
// bot's /discord/interactions, as Discord does, and takes the HTTP answer as the interaction response;
// the bot answers the PING, refuses forged, stale and replayed requests with 401 (writing nothing),
// answers a command, a button, a modal and an autocomplete within 3 s, and sends its messages over REST
// with no gateway connection at all.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST, Routes, type APIApplication } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { NOT_ANSWERED } from "../../src/adapters/discord/httpInteractions.ts";
import { OptionType, startFakeDiscord, type FakeDiscord, type FakeInteractionPayload, type StoredMessage } from "../fakes/discord/index.ts";
import { readerFor, type Reader } from "../support/database.ts";
import { answerOf, cardButtons, cardField, EPHEMERAL } from "./discordHarness.ts";
import { answerMatching, configFor, startHttpBot, troubles, type HttpBot } from "./discordHttpHarness.ts";

/** Discord's window; the fake refuses an answer later than this as Discord would. */
const WINDOW_MS = 3000;

describe("Discord over HTTP interactions", () => {
  let fake: FakeDiscord;
  let bot: HttpBot;
  let dir: string;
  let reader: Reader;
  let announcements: string;
  const slash = (user: string, name: string, subcommand: string | undefined, options: Record<string, string | number | boolean | { type: number; value: string }> = {}, channel?: string) =>
    fake.chatInput({ user, name, ...(subcommand ? { subcommand } : {}), options, ...(channel ? { channelId: channel } : {}) });
  const card = (pollId: number): StoredMessage | undefined => fake.messagesIn(announcements).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith(`Poll #${pollId}:`));
  /** Every row the bot keeps, to show that a refused request wrote nothing. */
  const rows = () => reader.snapshot();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "discord-http-"));
    fake = await startFakeDiscord({
      users: [{ username: "operator" }, { username: "alice" }, { username: "bob" }],
      guilds: [{ name: "Coordination", channels: [{ name: "general" }, { name: "announcements" }] }],
    });
    await deployCommands(configFor(fake));
    bot = await startHttpBot(fake, join(dir, "bot.db"));
    reader = readerFor(join(dir, "bot.db"));
    announcements = fake.channel("announcements").id;
  });

  afterAll(async () => {
    reader?.close();
    await bot?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers Discord's PING with a PONG", async () => {
    const answer = await bot.post(fake.http.ping());
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ type: 1 });
  });

  it("refuses a forged signature, a changed body and unsigned requests with 401, writing nothing", async () => {
    const before = rows();
    const payload = slash("operator", "agency", "add", { code: "NASA", name: "NASA" });
    const forger = generateKeyPairSync("ed25519").privateKey;
    const forged = await bot.post(payload, { key: forger });
    expect(forged.status).toBe(401);
    expect(forged.text).toMatch(/does not match the application's public key/);
    const changed = await bot.post(payload, { tamper: (body) => body.replace('"NASA"', '"ROSCOSMOS"') });
    expect(changed.status).toBe(401);
    const unsigned = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    expect(unsigned.status).toBe(401);
    expect(rows()).toEqual(before);
    expect(fake.interactionResponses.get(payload.id)).toBeUndefined();
  });

  it("refuses a stale timestamp, even correctly signed, with 401, writing nothing", async () => {
    const before = rows();
    const payload = slash("operator", "agency", "add", { code: "NASA", name: "NASA" });
    const stale = await bot.post(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.text).toMatch(/timestamp is more than 300 s from now/);
    const future = await bot.post(payload, { timestamp: Math.floor(Date.now() / 1000) + 301 });
    expect(future.status).toBe(401);
    expect(rows()).toEqual(before);
  });

  it("answers a command within 3 s, then refuses the same signed request replayed with 401 and applies it once", async () => {
    const payload = slash("operator", "setup", "channel", { purpose: "announcements" }, announcements);
    const first = await bot.post(payload);
    expect(first.status).toBe(200);
    expect(first.elapsedMs).toBeLessThan(WINDOW_MS);
    expect(first.refused).toBeNull();
    // A public answer; under load it may come after a deferral, as a follow-up.
    await answerMatching(fake, payload.id, /^This channel now receives the announcements messages\.$/);
    expect(fake.interactionResponses.get(payload.id)?.late).toBe(false);

    const afterFirst = rows();
    const replayed = await fake.http.replay(bot.url, first);
    expect(replayed.status).toBe(401);
    expect(replayed.text).toMatch(/received already/);
    expect(rows()).toEqual(afterFirst);
  });

  it("opens a poll from a slash command and posts its card over REST, with no gateway connection", async () => {
    for (const [code, user] of [["NASA", "alice"], ["ESA", "bob"]] as const) {
      await answerMatching(fake, (await bot.post(slash("operator", "agency", "add", { code, name: code }))).record!.id, /recorded as participating/);
      const added = await bot.post(slash("operator", "delegate", "add", { agency: code, user: { type: OptionType.User, value: fake.user(user).id } }));
      await answerMatching(fake, added.record!.id, new RegExp(`^${user} now represents ${code}\\.$`));
    }
    const opened = await bot.post(slash("operator", "poll", "open", { title: "Adopt the workplan", closes: "7d" }));
    expect(opened.elapsedMs).toBeLessThan(WINDOW_MS);
    await answerMatching(fake, opened.record!.id, /^Opened poll #1 «Adopt the workplan»/);
    await bot.drained();
    const posted = await fake.waitFor(() => card(1), 10_000, "the poll card");
    const create = fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${announcements}/messages`);
    expect(create?.status).toBe(200);
    expect(create?.headers["authorization"]).toBe(`Bot ${fake.token}`);
    expect(cardButtons(posted)).toEqual(["run:poll position id:1 stance:concur", "run:poll position id:1 stance:abstain", "ask:objection-reason:poll position id:1 stance:object"]);
    expect(fake.gateway.sessions).toHaveLength(0);
    expect(fake.gatewayEvents).toHaveLength(0);
  });

  it("suggests open polls as an option is typed, within 3 s", async () => {
    const typed = await bot.post(fake.autocomplete({ user: "alice", name: "poll", subcommand: "position", options: { id: "" }, focused: "id" }));
    expect(typed.status).toBe(200);
    expect(typed.elapsedMs).toBeLessThan(WINDOW_MS);
    expect(typed.json).toEqual({ type: 8, data: { choices: [{ name: "#1 Adopt the workplan (open)", value: 1 }] } });
  });

  it("casts a position from the card's button within 3 s and edits the card over REST", async () => {
    const press = await bot.post(fake.button({ user: "alice", customId: "run:poll position id:1 stance:concur", message: card(1)! }));
    expect(press.status).toBe(200);
    expect(press.elapsedMs).toBeLessThan(WINDOW_MS);
    const answer = await answerOf(fake, press.record!.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/^NASA's position on poll #1 is now concur\./);
    await bot.drained();
    const redrawn = await fake.waitFor(() => (cardField(card(1), "Agencies")?.includes("NASA** ✅ concur") ? card(1) : null), 10_000, "the redrawn card");
    expect(fake.requests.some((r) => r.method === "PATCH" && r.path === `/channels/${announcements}/messages/${redrawn.id}` && r.status === 200)).toBe(true);
  });

  it("asks for an objection's reason in a modal and records the objection from the submitted form, each within 3 s", async () => {
    const press = await bot.post(fake.button({ user: "bob", customId: "ask:objection-reason:poll position id:1 stance:object", message: card(1)! }));
    expect(press.elapsedMs).toBeLessThan(WINDOW_MS);
    expect(press.json).toMatchObject({ type: 9, data: { custom_id: "ask:objection-reason:poll position id:1 stance:object", title: "Object to poll #1" } });
    const submit = await bot.post(fake.modalSubmit({ user: "bob", customId: "ask:objection-reason:poll position id:1 stance:object", fields: { reason: "The budget line is missing." }, message: card(1)!, layout: "label" }));
    expect(submit.elapsedMs).toBeLessThan(WINDOW_MS);
    expect((await answerOf(fake, submit.record!.id)).content).toContain("ESA's position on poll #1 is now object.");
    const poll = await showPoll(bot.deps, bot.operator, 1);
    if (!poll.ok) throw new Error("poll #1 is missing");
    expect(poll.value.positions.find((p) => p.code === "ESA")).toMatchObject({ stance: "object", reason: "The budget line is missing." });
  });

  it("logged no warning or error but the refusals it was sent", () => {
    expect(troubles(bot)).toEqual([]);
  });

  // After the check above, since this one warns the operator on purpose.
  it("answers privately an interaction it has no handler for (a user context-menu command), instead of failing it, applying nothing", async () => {
    const slashed = slash("alice", "poll", "list", undefined);
    const userCommand = { ...slashed, data: { id: slashed.data.id, name: "Inspect", type: 2, target_id: fake.user("bob").id } } as unknown as FakeInteractionPayload;
    const answer = await bot.post(userCommand);
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(WINDOW_MS);
    expect(answer.refused).toBeNull();
    expect(answer.json).toEqual({ type: 4, data: { content: NOT_ANSWERED, flags: EPHEMERAL } });
    // No command took it: its id is not among the interactions applied.
    expect(reader.rows(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = 'discord' AND "requestId" = ?`, userCommand.id)).toEqual([]);
    expect(troubles(bot).map((line) => line.msg)).toEqual(["the handler left an interaction unanswered; its author was told it was not done"]);
  });
});

describe("Discord over HTTP interactions, when the work takes longer", () => {
  it("defers within the window and answers through the webhook afterwards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "discord-http-"));
    const fake = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    // Deferring at once stands for work that would outlast the budget (a busy database).
    const bot = await startHttpBot(fake, join(dir, "bot.db"), { bot: { policy: { deferAfterMs: 0 } } });
    try {
      await deployCommands(configFor(fake));
      const added = await bot.post(fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code: "NASA", name: "NASA" } }));
      expect(added.status).toBe(200);
      expect(added.elapsedMs).toBeLessThan(WINDOW_MS);
      expect(added.json).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      await fake.waitForRequest((r) => r.method === "POST" && r.path.startsWith(`/webhooks/${fake.applicationId}/${added.record!.token}`));
      const answer = await answerOf(fake, added.record!.id);
      expect(answer.content).toBe("Done. The answer is posted in this channel for everyone.");
      const followUp = fake.messages.find((m) => m.interactionId === added.record!.id && m.content.includes("recorded as participating"));
      expect(followUp?.flags ?? EPHEMERAL).toBe(0);
      expect(troubles(bot)).toEqual([]);
    } finally {
      await bot.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Discord over HTTP interactions, when Discord takes the deferral after the follow-up arrives", () => {
  it("sends the follow-up again until the interaction's webhook exists, and the press is confirmed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "discord-http-"));
    const fake = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    const bot = await startHttpBot(fake, join(dir, "bot.db"), { bot: { policy: { deferAfterMs: 0 } } });
    try {
      await deployCommands(configFor(fake));
      fake.http.answerTakenAfterMs = 400;
      const added = await bot.post(fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code: "NASA", name: "NASA" } }));
      expect(added.json).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      // The first webhook call came before the fake took the deferral, and was refused as Discord would.
      const refused = await fake.waitForRequest((r) => r.path.startsWith(`/webhooks/${fake.applicationId}/${added.record!.token}`) && r.status === 404);
      expect(refused.status).toBe(404);
      const answer = await answerOf(fake, added.record!.id);
      expect(answer.content).toBe("Done. The answer is posted in this channel for everyone.");
    } finally {
      await bot.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Discord's interactions endpoint registration (npm run discord:deploy)", () => {
  it("sets the application's Interactions Endpoint URL from PUBLIC_URL once Discord's check of it passes, after checking the public key is the application's", async () => {
    const fake = await startFakeDiscord({ users: [{ username: "operator" }] });
    const dir = mkdtempSync(join(tmpdir(), "discord-deploy-"));
    const bot = await startHttpBot(fake, join(dir, "bot.db"));
    // An endpoint that answers the PING but takes any signature, and an address where nothing listens.
    const careless = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ type: 1 })));
    await new Promise<void>((resolve) => careless.listen(0, "127.0.0.1", resolve));
    const carelessUrl = `http://127.0.0.1:${(careless.address() as AddressInfo).port}`;
    try {
      const config = configFor(fake);
      const publicUrl = `http://127.0.0.1:${bot.server.port}/`;
      const done = await deployCommands(config, { publicUrl });
      expect(done.endpoint).toEqual({ url: `${publicUrl}discord/interactions`, problem: null });
      expect(fake.requests.find((r) => r.method === "PATCH" && r.path === "/applications/@me")?.body).toEqual({ interactions_endpoint_url: `${publicUrl}discord/interactions` });
      // Discord's check reached the running bot: a PONG for its PING, a 401 for its bad signature.
      expect(fake.endpointChecks).toEqual([{ url: `${publicUrl}discord/interactions`, problem: null }]);
      expect(troubles(bot)).toEqual([]);

      for (const [where, why] of [
        [carelessUrl, /bad signature was answered 200, not refused with 401/],
        ["http://127.0.0.1:9", /could not be reached/],
      ] as const) {
        const refused = await deployCommands(config, { publicUrl: where });
        expect(refused.endpoint?.url).toBeNull();
        expect(refused.endpoint?.problem).toBe(
          `Discord could not verify ${where}/discord/interactions: it sends that address a signed PING, which must be answered, and a request with a bad signature, which must be refused. ` +
            "Start the bot there with DISCORD_PUBLIC_KEY set (reachable from the internet at PUBLIC_URL), then run npm run discord:deploy again.",
        );
        expect(fake.endpointChecks.at(-1)?.problem).toMatch(why);
      }
      // A refused URL leaves the application's endpoint as it was.
      const application = (await new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token).get(Routes.currentApplication())) as APIApplication;
      expect(application.interactions_endpoint_url).toBe(`${publicUrl}discord/interactions`);

      const without = await deployCommands(config);
      expect(without.endpoint).toEqual({ url: null, problem: null });

      const patches = fake.requests.filter((r) => r.method === "PATCH" && r.path === "/applications/@me").length;
      const otherKey = await deployCommands({ ...config, publicKey: "ab".repeat(32) }, { publicUrl });
      expect(otherKey.endpoint?.problem).toMatch(/DISCORD_PUBLIC_KEY is not this application's Public Key/);
      expect(fake.requests.filter((r) => r.method === "PATCH" && r.path === "/applications/@me")).toHaveLength(patches);

      const gateway = await deployCommands({ ...config, publicKey: undefined }, { publicUrl });
      expect(gateway.endpoint).toBeNull();
    } finally {
      careless.closeAllConnections();
      await new Promise<void>((resolve) => careless.close(() => resolve()));
      await bot.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
