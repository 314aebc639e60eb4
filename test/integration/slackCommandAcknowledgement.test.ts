// A Slack slash command is acknowledged only once it is recorded. Slack never delivers a slash command
// again, acknowledged or not (docs.slack.dev/interactivity/implementing-slash-commands: a late
// confirmation shows the user an `operation_timeout`), so a command acknowledged before its commit,
// on a process killed in between, was lost for good although the delegate had seen it acknowledged.
// Here the real bot process (src/main.ts) on PostgreSQL is held between receipt and commit by a real
// row lock that the test takes on the poll (the vote path's `SELECT … FOR UPDATE`), then SIGKILLed; and
// a command held past Slack's 3 s still finishes and is answered through its response_url.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { freshPostgres } from "../support/postgres.ts";
import { BOT_TOKEN, SIGNING_SECRET, seedSlackGroup, startReplica, type Replica, type SeededGroup } from "../support/replicas.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface World {
  fake: FakeSlack;
  group: SeededGroup;
  bot: Replica;
  sql: pg.Client;
  databaseUrl: string;
  pollId: number;
}

async function world(): Promise<World> {
  const database = await freshPostgres();
  cleanups.push(() => database.drop());
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0ACK" });
  cleanups.push(() => fake.close());
  const group = await seedSlackGroup(database.url, { agencies: 3, polls: 1, prefix: "K", slackTeam: fake.teamId });
  fake.addChannel({ id: group.channel, name: "general" });
  for (const user of group.users) fake.addUser({ id: user, name: user.toLowerCase() });
  const bot = await startReplica({ databaseUrl: database.url, fake, name: "bot", cleanups });
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  cleanups.push(() => sql.end());
  return { fake, group, bot, sql, databaseUrl: database.url, pollId: group.pollIds[0]! };
}

/** `/poll position` by one agency's delegate, as Slack delivers it, waiting (unlike Slack) for whatever the bot answers. */
const vote = (w: World, user: string) =>
  w.fake.http.slashCommand(w.bot.url, { command: "/poll", text: `position id:${w.pollId} stance:concur`, userId: user, channelId: w.group.channel }, { timeoutMs: 60_000 });

/** Holds the poll's row lock on a connection of the test's own until `release` (a real lock, the one a concurrent vote takes). */
async function holdPoll(w: World): Promise<{ release: () => Promise<void> }> {
  const holder = new pg.Client({ connectionString: w.databaseUrl });
  await holder.connect();
  cleanups.push(() => holder.end().catch(() => undefined));
  await holder.query("BEGIN");
  await holder.query(`SELECT "id" FROM "Poll" WHERE "id" = $1 FOR UPDATE`, [w.pollId]);
  return { release: () => holder.query("ROLLBACK").then(() => undefined) };
}

/** Until a transaction of the bot waits on a lock (the test's), at most `ms`. */
async function untilTheBotWaitsOnALock(w: World, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const { rows } = await w.sql.query<{ n: string }>(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (Number(rows[0]!.n) > 0) return true;
  }
  return false;
}

const positionsOf = async (w: World, user: string) =>
  Number(
    (
      await w.sql.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM "PositionChange" c JOIN "Identity" i ON i."personId" = c."castById" AND i.platform = 'slack' WHERE c."pollId" = $1 AND i."externalId" = $2`,
        [w.pollId, user],
      )
    ).rows[0]!.n,
  );

describe("a Slack slash command that changes state, on the real bot process", () => {
  it("is acknowledged with its answer once recorded, and one on a process killed before its commit is never acknowledged", { timeout: 180_000 }, async () => {
    const w = await world();
    const [first, second] = w.group.users as [string, string];

    // Quick: acknowledged with the answer itself, and recorded by then, as a kill right after it shows.
    const quick = await vote(w, first);
    expect(quick.status).toBe(200);
    expect(String((quick.json as { text?: string } | undefined)?.text)).toMatch(/concur/i);
    expect(await positionsOf(w, first)).toBe(1);

    // Held between receipt and commit, then killed: no acknowledgement ever went out, and nothing is recorded.
    const lock = await holdPoll(w);
    const held = vote(w, second).then(
      (delivery) => ({ status: delivery.status }),
      () => ({ status: 0 }),
    );
    expect(await untilTheBotWaitsOnALock(w, 30_000), "the bot's vote never reached the poll's lock").toBe(true);
    w.bot.process.child.kill("SIGKILL");
    expect(await w.bot.process.exited).toBeNull();
    await lock.release();
    expect((await held).status).not.toBe(200);
    expect(await positionsOf(w, second)).toBe(0);
    expect(w.fake.answers.filter((a) => a.origin?.userId === second)).toEqual([]);
    // The acknowledged one survived the kill.
    expect(await positionsOf(w, first)).toBe(1);
  });

  it("still finishes when held past Slack's 3 s, and is answered through its response_url, not before it is recorded", { timeout: 180_000 }, async () => {
    const w = await world();
    const user = w.group.users[0]!;
    const lock = await holdPoll(w);
    const delivering = vote(w, user);
    expect(await untilTheBotWaitsOnALock(w, 30_000), "the bot's vote never reached the poll's lock").toBe(true);
    const delivery = await delivering;
    // Not acknowledged while it could not be recorded: Bolt gives up at 3 s (404), and Slack shows the user a timeout.
    expect(delivery.status).not.toBe(200);
    expect(delivery.elapsedMs).toBeGreaterThanOrEqual(2500);
    expect(await positionsOf(w, user)).toBe(0);
    expect(w.fake.answers.filter((a) => a.url === delivery.payload.response_url)).toEqual([]);

    await lock.release();
    const answer = await w.fake.waitFor(() => w.fake.answers.find((a) => a.url === delivery.payload.response_url), 30_000);
    expect(answer.via).toBe("response_url");
    expect(answer.text).toMatch(/Slack may have told you this failed/);
    expect(answer.text).toMatch(/concur/i);
    expect(await positionsOf(w, user)).toBe(1);
  });
});
