// A replica SIGKILLed after deferring a Discord press and before its vote commits: the press was held
// in the database before the deferral went out (src/adapters/discord/intake.ts), so another replica
// runs it once the dead one's claim runs out, and confirms it to its author through the interaction's
// webhook. The vote is made slow for real: this test holds the poll's row lock in PostgreSQL, so the
// command waits on it past the 1.5 s after which the bot defers.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord, type StoredMessage } from "../fakes/discord/index.ts";
import { startFakeSlack } from "../fakes/slack/index.ts";
import { freshPostgres } from "../support/postgres.ts";
import { BOT_TOKEN, discordCardButton, discordCardsOf, SIGNING_SECRET, seedSlackGroup, startReplica, stopReplica } from "../support/replicas.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Deferred for a button: the HTTP answer is a deferred update (type 6). */
const DEFERRED_UPDATE = 6;

describe("a Discord press deferred by a replica that is killed before its vote commits", () => {
  it("is run by another replica, recorded once and confirmed to its author; one never acknowledged is not run", { timeout: 180_000 }, async () => {
    const database = await freshPostgres();
    cleanups.push(() => database.drop());
    const slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0HELD" });
    cleanups.push(() => slack.close());
    const discord: FakeDiscord = await startFakeDiscord({
      users: ["sec", "a0", "a1"].map((username) => ({ username })),
      guilds: [{ name: "Held", channels: [{ name: "announcements" }], members: ["sec", "a0", "a1"], owner: "sec" }],
    });
    cleanups.push(() => discord.close());
    const guild = discord.guilds[0]!;
    const group = await seedSlackGroup(database.url, {
      agencies: 2,
      polls: 1,
      prefix: "H",
      slackTeam: "T0HELD",
      discord: { guildId: guild.id, channel: guild.channelIds[0]!, secretariat: discord.user("sec").id, users: [discord.user("a0").id, discord.user("a1").id] },
    });
    slack.addChannel({ id: group.channel, name: "general" });
    for (const user of group.users) slack.addUser({ id: user, name: user.toLowerCase() });
    const pollId = group.pollIds[0]!;

    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    const rows = async <T extends pg.QueryResultRow>(query: string, params: unknown[] = []) => (await sql.query<T>(query, params)).rows;

    const start = (name: string) => startReplica({ databaseUrl: database.url, fake: slack, discord, name, cleanups, logLevel: "info" });
    const [doomed, survivor] = await Promise.all([start("doomed"), start("survivor")]);
    const card = (await discordCardsOf(discord, group, 60_000)).get(pollId)!;
    const press = (user: string) =>
      discord.button({ user: discord.user(user).id, guildId: group.discord!.guildId, channelId: group.discord!.channel, customId: discordCardButton(discord.message(card.id) ?? card, pollId, "concur")!, message: discord.message(card.id) ?? card });

    // The vote waits on the poll's row lock, held by this connection, until the doomed replica is dead.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query("BEGIN");
    await locker.query(`SELECT id FROM "Poll" WHERE id = $1 FOR UPDATE`, [pollId]);

    const payload = press("a0");
    const answer = await discord.http.post(doomed.discordUrl, payload);
    expect(answer.status).toBe(200);
    expect(answer.record?.callback?.type).toBe(DEFERRED_UPDATE);
    expect(answer.record?.callback?.late).toBe(false);
    // Held before the deferral went out, by the replica that deferred it.
    expect(await rows(`SELECT "requestId", attempts FROM "HeldRequest"`)).toEqual([{ requestId: payload.id, attempts: 1 }]);
    doomed.process.child.kill("SIGKILL");
    await doomed.process.exited;
    await locker.query("ROLLBACK");
    expect(await rows(`SELECT COUNT(*)::int AS n FROM "PositionChange" WHERE "pollId" = $1`, [pollId])).toEqual([{ n: 0 }]);

    // The survivor takes it over once the claim (10 s) runs out, and confirms it privately.
    const confirmation = (): StoredMessage | undefined => {
      const record = discord.interactions.find((i) => i.id === payload.id);
      return [record?.originalMessageId, ...(record?.followUpMessageIds ?? [])].flatMap((id) => (id ? [discord.message(id)] : [])).find((m) => m && /position on poll #\d+ is now concur/.test(m.content));
    };
    const confirmed = await discord.waitFor(confirmation, 30_000, "the confirmation of the held press");
    expect(confirmed.flags & 64).toBe(64);
    expect(await rows(`SELECT COUNT(*)::int AS n FROM "PositionChange" WHERE "pollId" = $1`, [pollId])).toEqual([{ n: 1 }]);
    expect(await rows(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = 'discord'`)).toEqual([{ requestId: payload.id }]);
    for (const began = Date.now(); (await rows(`SELECT 1 FROM "HeldRequest"`)).length > 0; ) {
      if (Date.now() - began > 10_000) throw new Error("the held press was not released within 10 s of its confirmation");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(survivor.process.stdout()).toMatch(/running an interaction whose replica stopped before it was done/);

    // A press held by a replica that died before Discord took its deferral: its author saw "This
    // interaction failed", so it is released without being run. (Discord created it; no bot answered it.)
    const unanswered = press("a1");
    await sql.query(
      `INSERT INTO "HeldRequest" ("platform", "requestId", "payload", "receivedAt", "claimedBy", "claimedUntil") VALUES ('discord', $1, $2, now() AT TIME ZONE 'UTC', 'intake:dead', now() AT TIME ZONE 'UTC' - interval '1 second')`,
      [unanswered.id, JSON.stringify(unanswered)],
    );
    for (const began = Date.now(); (await rows(`SELECT 1 FROM "HeldRequest"`)).length > 0; ) {
      if (Date.now() - began > 15_000) throw new Error("the unacknowledged press was not released within 15 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(survivor.process.stdout()).toMatch(/a held interaction was never acknowledged; not run/);
    expect(await rows(`SELECT COUNT(*)::int AS n FROM "PositionChange" WHERE "pollId" = $1`, [pollId])).toEqual([{ n: 1 }]);
    expect(await rows(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = 'discord'`)).toEqual([{ requestId: payload.id }]);
    expect(await stopReplica(survivor)).toBe(0);
  });
});
