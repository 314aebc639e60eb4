// Two bot replicas in Discord's HTTP interactions mode on one PostgreSQL database (replicas are what
// PostgreSQL is for: two SQLite writers in one process would block each other's event loop): any
// replica takes any interaction, and what one has taken the other refuses as a replay, because the
// memory of signatures is in the database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { SIGNATURE_MEMORY } from "../../src/adapters/discord/httpInteractions.ts";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { OptionType, startFakeDiscord, type FakeDiscord, type StoredMessage } from "../fakes/discord/index.ts";
import { cardField } from "../adapters/discordHarness.ts";
import { answerMatching, configFor, startHttpBot, troubles, type HttpBot } from "../adapters/discordHttpHarness.ts";
import { readerFor, testDatabase, type Reader, type TestDatabase } from "../support/database.ts";

const WINDOW_MS = 3000;

describe("two Discord HTTP replicas on one database", () => {
  let fake: FakeDiscord;
  let database: TestDatabase;
  let dir: string;
  let a: HttpBot;
  let b: HttpBot;
  let reader: Reader;
  let announcements: string;
  const card = (pollId: number): StoredMessage | undefined => fake.messagesIn(announcements).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith(`Poll #${pollId}:`));
  const slash = (user: string, name: string, subcommand: string, options: Record<string, string | number | boolean | { type: number; value: string }> = {}, channel?: string) =>
    fake.chatInput({ user, name, subcommand, options, ...(channel ? { channelId: channel } : {}) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "discord-replicas-"));
    database = await testDatabase(dir, "postgres");
    fake = await startFakeDiscord({
      users: [{ username: "operator" }, { username: "alice" }, { username: "bob" }],
      guilds: [{ name: "Coordination", channels: [{ name: "general" }, { name: "announcements" }] }],
    });
    await deployCommands(configFor(fake));
    // One after the other, as a deployment's first replica creates the group and the next finds it.
    a = await startHttpBot(fake, database.target, { name: "a" });
    b = await startHttpBot(fake, database.target, { name: "b" });
    reader = readerFor(database.target);
    announcements = fake.channel("announcements").id;
  });

  afterAll(async () => {
    reader?.close();
    await a?.close();
    await b?.close();
    await fake?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves one group from both replicas, whichever takes each interaction", async () => {
    expect(b.group.id).toBe(a.group.id);
    const steps: [HttpBot, ReturnType<typeof slash>, RegExp][] = [
      [a, slash("operator", "setup", "channel", { purpose: "announcements" }, announcements), /now receives the announcements/],
      [b, slash("operator", "agency", "add", { code: "NASA", name: "NASA" }), /recorded as participating/],
      [a, slash("operator", "agency", "add", { code: "ESA", name: "ESA" }), /recorded as participating/],
      [b, slash("operator", "delegate", "add", { agency: "NASA", user: { type: OptionType.User, value: fake.user("alice").id } }), /alice now represents NASA/],
      [a, slash("operator", "delegate", "add", { agency: "ESA", user: { type: OptionType.User, value: fake.user("bob").id } }), /bob now represents ESA/],
      [b, slash("operator", "poll", "open", { title: "Adopt the workplan", closes: "7d" }), /^Opened poll #1/],
    ];
    for (const [bot, payload, expected] of steps) {
      const answer = await bot.post(payload);
      expect(answer.status).toBe(200);
      expect(answer.elapsedMs).toBeLessThan(WINDOW_MS);
      await answerMatching(fake, payload.id, expected);
    }
    await Promise.all([a.drained(), b.drained()]);
    const posted = await fake.waitFor(() => card(1), 10_000, "the poll card");

    // Both delegates press at the same moment, each on another replica.
    const [alice, bob] = await Promise.all([
      a.post(fake.button({ user: "alice", customId: "run:poll position id:1 stance:concur", message: posted })),
      b.post(fake.button({ user: "bob", customId: "run:poll position id:1 stance:abstain", message: posted })),
    ]);
    for (const press of [alice, bob]) {
      expect(press.status).toBe(200);
      expect(press.elapsedMs).toBeLessThan(WINDOW_MS);
    }
    await answerMatching(fake, alice.record!.id, /^NASA's position on poll #1 is now concur\./);
    await answerMatching(fake, bob.record!.id, /^ESA's position on poll #1 is now abstain\./);
    const poll = await showPoll(a.deps, a.operator, 1);
    if (!poll.ok) throw new Error("poll #1 is missing");
    expect(poll.value.positions.map((p) => [p.code, p.stance]).sort()).toEqual([["ESA", "abstain"], ["NASA", "concur"]]);
    await Promise.all([a.drained(), b.drained()]);
    await fake.waitFor(() => (/NASA\*\* ✅ concur/.test(cardField(card(1), "Agencies") ?? "") && /ESA\*\* ➖ abstain/.test(cardField(card(1), "Agencies") ?? "") ? card(1) : null), 10_000, "the card with both positions");
  });

  it("refuses on one replica a request the other has taken, writing nothing", async () => {
    const payload = slash("operator", "agency", "add", { code: "JAXA", name: "JAXA" });
    const first = await a.post(payload);
    expect(first.status).toBe(200);
    await answerMatching(fake, payload.id, /recorded as participating/);
    const before = reader.snapshot();
    const again = await fake.http.replay(b.url, first);
    expect(again.status).toBe(401);
    expect(again.text).toMatch(/received already/);
    expect(reader.snapshot()).toEqual(before);
  });

  it("lets one replica take a request sent to both at once, and the other refuse it", async () => {
    const payload = slash("operator", "agency", "add", { code: "CSA", name: "CSA" });
    const signed = fake.http.sign(payload);
    const [one, other] = await Promise.all([fake.http.send(a.url, payload, signed), fake.http.send(b.url, payload, signed)]);
    expect([one.status, other.status].sort()).toEqual([200, 401]);
    await answerMatching(fake, payload.id, /recorded as participating/);
    const agencies = reader.rows<{ code: string }>(`SELECT code FROM "Agency" WHERE code = 'CSA'`);
    expect(agencies).toHaveLength(1);
    const remembered = reader.rows<{ requestId: string }>(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = ?`, SIGNATURE_MEMORY);
    expect(remembered.some((r) => r.requestId === signed.headers["x-signature-ed25519"])).toBe(true);
  });

  it("logged no warning or error on either replica but the refusals it was sent", () => {
    expect(troubles(a)).toEqual([]);
    expect(troubles(b)).toEqual([]);
  });
});
