// The chaos storm: three bot processes (the real src/main.ts) on one PostgreSQL serving ten groups of
// thirty agencies. Each group has a Discord server and a Slack workspace joined into it: each agency's
// head of delegation is on Slack and a second representative on Discord, and each platform has the
// group's announcements channel. The replicas run Slack in HTTP mode and Discord in HTTP interactions
// mode (DISCORD_PUBLIC_KEY, no gateway), behind a round-robin balancer played by this test. A storm of
// card presses, half on each platform, is spread over the replicas while poll reminders and closings
// fall due; a third of the way in one replica is SIGKILLed and a new one is started. Whatever the
// interleaving: every acknowledged vote is recorded once, every press the platform retried is applied
// once, every press a user made again ends recorded, every reminder and closing reaches each fake
// exactly once, and the outbox ends empty.
//
// The 3-second rules differ:
// - Slack: a delivery that has not been acknowledged within 3 s is delivered again (X-Slack-Retry-Num,
//   to the next replica in the rotation) while the first one is left to finish, up to three retries; a
//   delivery that fails (the killed replica's connections) is retried at once. Slack's documentation
//   retries only the Events API this way: an interactivity payload left unacknowledged shows its user
//   an error, and the user may press again, a new request with a new trigger_id that is a new vote.
//   The storm redelivers the same payload all the same, as the issue's storm asks ("or else Slack
//   retries it and the retry is applied once"): the harder case for the bot's memory of requests.
// - Discord never delivers an interaction again. One not answered within 3 s fails for its author
//   ("This interaction failed"), and the fake hangs up; the user presses again, which is a new
//   interaction (a new id), sent by the balancer to the next replica. A press deferred in time whose
//   confirmation (the ephemeral "...'s position on poll #N is now ...") does not come within 20 s is
//   pressed again as well; the killed replica's deferred presses are confirmed by another replica.
// A late acknowledgement is counted and reported with the load average, not failed on: on a loaded
// 2-core machine it is the load's, and what the platform or the user does about it must be harmless.
//
//   STORM_VOTES=1000 and STORM_GROUPS=10 (the defaults) set the size; the first third goes before the kill.
import { loadavg } from "node:os";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { BlockAction } from "@slack/bolt";
import { startFakeDiscord, type EndpointAnswer, type FakeDiscord, type FakeInteractionPayload, type StoredMessage } from "../fakes/discord/index.ts";
import { startFakeSlack, type FakeSlack, type HttpDelivery, type RecordedMessage } from "../fakes/slack/index.ts";
import { freshPostgres } from "../support/postgres.ts";
import {
  BOT_TOKEN,
  cardButton,
  cardsOf,
  discordCardButton,
  discordCardsOf,
  SIGNING_SECRET,
  seedSlackGroup,
  startReplica,
  stopReplica,
  type Replica,
  type SeededGroup,
} from "../support/replicas.ts";

const VOTES = Number(process.env["STORM_VOTES"] ?? 1000);
/** Presses in flight at once: a busy channel, not a flood (each replica records one command at a time). */
const IN_FLIGHT = 8;
/** Ten groups of thirty agencies, each its own Slack workspace (team id) with its own channel and delegates. */
const GROUPS = Number(process.env["STORM_GROUPS"] ?? 10);
const AGENCIES = 30;
const ACK_WINDOW_MS = 3000;
/**
 * Slack retries a delivery three times, the first at once and the others a minute and five minutes
 * later; here the later ones come after a few seconds, so that the test stays short.
 */
const RETRY_PAUSES_MS = [0, 2000, 5000];
/** How often a Discord user presses again after "This interaction failed" (or no confirmation), and after how long. */
const DISCORD_PRESSES = 6;
const REPRESS_PAUSE_MS = 500;
/** How long a Discord user waits for the confirmation of a press that was acknowledged (deferred). */
const CONFIRMATION_WAIT_MS = 20_000;
const CONFIRMATION = /position on poll #\d+ is now/;
/** The answer to a press run after a later one of the same agency was recorded (a held press run by another replica): not applied, and rightly so. */
const SUPERSEDED = /^A later choice of your agency/;
const SETTLE_MS = 180_000;
const DAY = 86_400_000;
/** An instant as Prisma stores it in a PostgreSQL `timestamp(3)` column: UTC, without a zone. */
const utc = (ms: number) => new Date(ms).toISOString().replace("Z", "");

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface PressOutcome {
  platform: "slack";
  triggerId: string;
  pollId: number;
  userId: string;
  /** Some delivery got a 200; `late` when none did within 3 s. */
  acknowledged: boolean;
  late: boolean;
  deliveries: number;
}

/** Slack's side of a delivery: retried when unanswered within 3 s or failed, to whichever replica the balancer picks next. */
async function deliverLikeSlack(fake: FakeSlack, next: () => Replica, payload: BlockAction): Promise<Omit<PressOutcome, "pollId" | "userId">> {
  const attempts: Promise<HttpDelivery | null>[] = [];
  let acknowledgedInTime = false;
  let acknowledgedLate = false;
  for (let retry = 0; retry <= RETRY_PAUSES_MS.length; retry++) {
    if (retry > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSES_MS[retry - 1]));
    const started = performance.now();
    const attempt = fake.http
      .postInteraction(next().url, payload, { timeoutMs: 120_000, ...(retry > 0 ? { retryNum: retry, retryReason: "http_timeout" } : {}) })
      .then((done) => {
        if (done.status === 200) {
          if (performance.now() - started <= ACK_WINDOW_MS) acknowledgedInTime = true;
          else acknowledgedLate = true;
        }
        return done;
      })
      .catch(() => null);
    attempts.push(attempt);
    // Wait for this delivery's answer, or Slack's 3 s, whichever comes first.
    await Promise.race([attempt, new Promise((resolve) => setTimeout(resolve, ACK_WINDOW_MS))]);
    if (acknowledgedInTime) break;
  }
  await Promise.all(attempts);
  return { platform: "slack", triggerId: payload.trigger_id, acknowledged: acknowledgedInTime || acknowledgedLate, late: !acknowledgedInTime && acknowledgedLate, deliveries: attempts.length };
}

/** One Discord interaction of a press: where it went and what came of it. */
interface DiscordAttempt {
  interactionId: string;
  replica: string;
  /** The HTTP status of the endpoint's answer; 0 when the fake hung up at 3 s, -1 when the connection failed. */
  status: number;
  /** Acknowledged in time, and the confirmation of the vote reached the user. */
  confirmed: boolean;
  /** Why an acknowledged interaction was not confirmed (the wait's failure). */
  unconfirmed?: string;
  /** Answered that a later choice of the agency had been recorded first: remembered as handled, and applied nothing. */
  superseded?: boolean;
}

interface DiscordPress {
  platform: "discord";
  pollId: number;
  userId: string;
  attempts: DiscordAttempt[];
}

/**
 * A Discord user's press: a new interaction each time, sent to whichever replica the balancer picks,
 * pressed again after "This interaction failed" or when a deferred press is never confirmed.
 */
async function pressLikeADiscordUser(fake: FakeDiscord, next: () => Replica, build: () => FakeInteractionPayload): Promise<DiscordAttempt[]> {
  const attempts: DiscordAttempt[] = [];
  for (let n = 0; n < DISCORD_PRESSES; n++) {
    if (n > 0) await new Promise((resolve) => setTimeout(resolve, REPRESS_PAUSE_MS));
    const replica = next();
    const payload = build();
    let answer: EndpointAnswer | null = null;
    try {
      answer = await fake.http.post(replica.discordUrl, payload);
    } catch {
      answer = null; // the killed replica's connection refused or reset
    }
    const attempt: DiscordAttempt = { interactionId: payload.id, replica: replica.name, status: answer?.status ?? -1, confirmed: false };
    attempts.push(attempt);
    const record = answer?.record;
    if (answer?.status !== 200 || !record || record.callback?.late !== false) continue;
    const confirmation = (): StoredMessage | undefined =>
      [record.originalMessageId, ...record.followUpMessageIds].flatMap((id) => (id ? [fake.message(id)] : [])).find((m) => m && !m.deleted && (CONFIRMATION.test(m.content) || SUPERSEDED.test(m.content)));
    attempt.confirmed = await fake.waitFor(confirmation, CONFIRMATION_WAIT_MS, `the confirmation of interaction ${payload.id}`).then(
      (message) => {
        if (SUPERSEDED.test(message.content)) attempt.superseded = true;
        return true;
      },
      (error: unknown) => {
        attempt.unconfirmed = error instanceof Error ? error.message : String(error);
        return false;
      },
    );
    if (attempt.confirmed) break;
  }
  return attempts;
}

describe("three replicas on one PostgreSQL under a storm of votes from Discord and Slack, with one replica killed", () => {
  it(`records each of ${VOTES} votes once, delivers each reminder and closing once on each platform, and empties the outbox`, { timeout: 600_000 }, async () => {
    const database = await freshPostgres();
    cleanups.push(() => database.drop());
    const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0STORM" });
    cleanups.push(() => fake.close());
    // One Discord server per group: its Secretariat member, one representative per agency, its announcements channel.
    const discordName = (g: number, who: string) => `g${g}-${who}`;
    const discord = await startFakeDiscord({
      users: Array.from({ length: GROUPS }, (_, g) => [discordName(g, "sec"), ...Array.from({ length: AGENCIES }, (_, a) => discordName(g, `a${a}`))]).flat().map((username) => ({ username })),
      guilds: Array.from({ length: GROUPS }, (_, g) => ({
        name: `Group ${g}`,
        channels: [{ name: `announcements-${g}` }],
        members: [discordName(g, "sec"), ...Array.from({ length: AGENCIES }, (_, a) => discordName(g, `a${a}`))],
        owner: discordName(g, "sec"),
      })),
    });
    cleanups.push(() => discord.close());

    // Each group has a poll that takes the votes (open for a day) and a deadline poll whose reminder and
    // closing fall due during the storm. The deadline polls are opened four days ago, so that their
    // reminders (72 and 24 hours before) are scheduled; their jobs are moved into the storm below.
    const now = Date.now();
    // Three groups seeded at a time (each through the core, a transaction per agency and delegate): a
    // third of the setup's time, and three pools of connections at most.
    const groups: SeededGroup[] = new Array<SeededGroup>(GROUPS);
    let seeding = 0;
    const seedOne = async (g: number) => {
      const guild = discord.guilds[g]!;
      groups[g] = await seedSlackGroup(database.url, {
        agencies: AGENCIES,
        polls: 2,
        prefix: `G${g}`,
        slackTeam: `T0STORM${g}`,
        discord: {
          guildId: guild.id,
          channel: guild.channelIds[0]!,
          secretariat: discord.user(discordName(g, "sec")).id,
          users: Array.from({ length: AGENCIES }, (_, a) => discord.user(discordName(g, `a${a}`)).id),
        },
        clock: { now: () => new Date(now - 4 * DAY) },
        closesAt: (i) => new Date(now + (i === 0 ? DAY : 10 * 60_000)),
      });
    };
    await Promise.all(
      Array.from({ length: Math.min(3, GROUPS) }, async () => {
        for (let g = seeding++; g < GROUPS; g = seeding++) await seedOne(g);
      }),
    );
    for (const group of groups) {
      fake.addChannel({ id: group.channel, name: `general-${group.groupId}` });
      for (const user of group.users) fake.addUser({ id: user, name: user.toLowerCase() });
    }
    const votePolls = groups.map((g) => g.pollIds[0]!);
    const deadlinePolls = groups.map((g) => g.pollIds[1]!);

    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    const count = async (query: string, params: unknown[] = []) => Number((await sql.query<{ n: string }>(query, params)).rows[0]!.n);

    // Before any replica runs: the vote polls' reminders are not part of the storm, and the deadline polls' jobs wait for it.
    const pollOf = `("payload"::json->>'pollId')::int`;
    await sql.query(`UPDATE "ScheduledJob" SET status = 'cancelled' WHERE kind = 'poll.remind' AND ${pollOf} = ANY($1)`, [votePolls]);
    await sql.query(`UPDATE "ScheduledJob" SET "dueAt" = $1::timestamp WHERE ${pollOf} = ANY($2)`, [utc(now + 3_600_000), deadlinePolls]);
    // One reminder per deadline poll, since a reminder's text does not say which of the poll's reminders it is.
    await sql.query(`UPDATE "ScheduledJob" SET status = 'cancelled' WHERE kind = 'poll.remind' AND ("payload"::json->>'hoursBefore')::int = 72`);

    const start = (name: string) => startReplica({ databaseUrl: database.url, fake, discord, name, cleanups, logLevel: "warn" });
    const replicas = await Promise.all(["r0", "r1", "r2"].map(start));
    const rotation = [...replicas];
    let turn = 0;
    const next = () => rotation[turn++ % rotation.length]!;

    const cards = new Map<number, RecordedMessage>();
    const discordCards = new Map<number, StoredMessage>();
    for (const group of groups) {
      for (const [id, card] of await cardsOf(fake, group, 60_000)) cards.set(id, card);
      for (const [id, card] of await discordCardsOf(discord, group, 60_000)) discordCards.set(id, card);
    }
    // Reminders fall due from 2 s into the storm, the closings a few seconds after their poll's reminders.
    const stormStart = Date.now();
    for (const [n, pollId] of deadlinePolls.entries()) {
      const remindAt = stormStart + 2000 + n * 1500;
      await sql.query(`UPDATE "ScheduledJob" SET "dueAt" = $1::timestamp WHERE kind = 'poll.remind' AND ${pollOf} = $2`, [utc(remindAt), pollId]);
      await sql.query(`UPDATE "ScheduledJob" SET "dueAt" = $1::timestamp WHERE kind = 'poll.close' AND ${pollOf} = $2`, [utc(remindAt + 6000), pollId]);
      await sql.query(`UPDATE "Poll" SET "closesAt" = $1::timestamp WHERE id = $2`, [utc(remindAt + 6000), pollId]);
    }
    const reminderJobs = await count(`SELECT COUNT(*) AS n FROM "ScheduledJob" WHERE kind = 'poll.remind' AND status = 'pending'`);
    expect(reminderJobs).toBe(GROUPS);

    // The storm: IN_FLIGHT presses at a time, each a new gesture of one agency's representative on one
    // vote poll's card, on Slack or on Discord: each round of the groups' agencies switches platform,
    // so that every agency votes from both.
    const outcomes: PressOutcome[] = [];
    const discordPresses: DiscordPress[] = [];
    let sent = 0;
    let killed: Replica | null = null;
    let killedAt = 0;
    let replacement: Promise<Replica> | null = null;
    const press = async (i: number) => {
      const group = groups[i % GROUPS]!;
      const pollId = group.pollIds[0]!;
      const round = Math.floor(i / GROUPS);
      const agency = round % AGENCIES;
      const stance = i % 3 === 0 ? "abstain" : "concur";
      if ((round + Math.floor(round / AGENCIES)) % 2 === 1) {
        const userId = group.discord!.users[agency]!;
        const card = discordCards.get(pollId)!;
        const customId = discordCardButton(discord.message(card.id) ?? card, pollId, stance)!;
        const attempts = await pressLikeADiscordUser(discord, next, () => discord.button({ user: userId, guildId: group.discord!.guildId, channelId: group.discord!.channel, customId, message: discord.message(card.id) ?? card }));
        discordPresses.push({ platform: "discord", pollId, userId, attempts });
        return;
      }
      const userId = group.users[agency]!;
      const card = cards.get(pollId)!;
      const live = fake.messagesIn(group.channel).find((m) => m.ts === card.ts) ?? card;
      const button = cardButton(live, pollId, stance)!;
      const built = fake.http.blockActionPayload({ ...button, userId, channelId: group.channel, messageTs: card.ts });
      // From the group's own workspace, as Slack signs it.
      const payload: BlockAction = { ...built, team: { id: group.slackTeam, domain: group.slackTeam.toLowerCase() }, user: { ...built.user, team_id: group.slackTeam } };
      outcomes.push({ pollId, userId, ...(await deliverLikeSlack(fake, next, payload)) });
    };
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = sent++; i < VOTES; i = sent++) {
          if (!killed && i >= Math.floor(VOTES / 3)) {
            // The balancer's health check drops it; what was in flight to it fails: Slack retries it
            // elsewhere, a Discord user sees the interaction fail and presses again.
            killed = rotation.splice(1, 1)[0]!;
            killed.process.child.kill("SIGKILL");
            killedAt = Date.now();
            replacement = start("r3").then((r) => {
              rotation.push(r);
              return r;
            });
          }
          await press(i);
        }
      }),
    );
    const pressesDone = Date.now();
    expect(killed).not.toBeNull();
    const newcomer = await replacement!;

    // Settling: every job run, every message out.
    const settled = Date.now() + SETTLE_MS;
    for (;;) {
      const pending = await count(`SELECT COUNT(*) AS n FROM "ScheduledJob" WHERE status = 'pending' AND ${pollOf} = ANY($1)`, [deadlinePolls]);
      const unsent = await count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status <> 'sent'`);
      if (pending === 0 && unsent === 0) break;
      if (Date.now() > settled) {
        const jobs = (await sql.query(`SELECT kind, "dueAt", payload, status FROM "ScheduledJob" WHERE status = 'pending'`)).rows;
        const logs = [...rotation, killed as Replica | null].flatMap((r) => (r ? [`${r.name}: ${r.process.stdout().slice(-3000)}${r.process.stderr().slice(-2000)}`] : []));
        throw new Error(`not settled within ${SETTLE_MS / 1000} s: ${pending} jobs pending, ${unsent} outbox messages not sent\n${JSON.stringify(jobs)}\n${logs.join("\n")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const settledAt = Date.now();
    // The new replica took part: it was in the rotation for the rest of the storm.
    expect(await stopReplica(newcomer)).toBe(0);
    for (const replica of rotation.filter((r) => r !== newcomer)) expect(await stopReplica(replica)).toBe(0);

    const discordAttempts = discordPresses.flatMap((p) => p.attempts);
    const unconfirmed = discordAttempts.filter((a) => a.status === 200 && !a.confirmed);
    // Applied: handled (remembered with the command) and not refused as older than the agency's recorded position.
    const superseded = new Set(discordAttempts.filter((a) => a.superseded).map((a) => a.interactionId));
    const appliedInteractions = new Set(
      (await sql.query<{ requestId: string }>(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = 'discord'`)).rows.map((r) => r.requestId).filter((id) => !superseded.has(id)),
    );
    const late = outcomes.filter((o) => o.late).length;
    const retried = outcomes.filter((o) => o.deliveries > 1).length;
    const load = loadavg().map((l) => l.toFixed(1)).join(" ");
    console.log(
      `replica storm: ${VOTES} presses in ${((pressesDone - stormStart) / 1000).toFixed(0)} s; ` +
        `Slack ${outcomes.length}: ${retried} retried by the platform, ${late} acknowledged only late (after 3 s), ${outcomes.filter((o) => !o.acknowledged).length} never acknowledged; ` +
        `Discord ${discordPresses.length}: ${discordPresses.filter((p) => p.attempts.length > 1).length} pressed again, ${discordAttempts.filter((a) => a.status === 0).length} interactions not answered within 3 s, ` +
        `${discordAttempts.filter((a) => a.status === -1 || (a.status > 0 && a.status !== 200)).length} refused or cut off, ` +
        `${unconfirmed.length} acknowledged (deferred) but never confirmed, of which ${unconfirmed.filter((a) => !appliedInteractions.has(a.interactionId)).length} not recorded (lost with the killed replica, pressed again), ` +
        `${discordPresses.filter((p) => !p.attempts.some((a) => a.confirmed)).length} never confirmed, ${superseded.size} answered that a later choice of the agency came first; ` +
        `settled ${((settledAt - pressesDone) / 1000).toFixed(0)} s after the last press; load average ${load}`,
    );

    // Slack: each press applied at most once, and every acknowledged one applied: its trigger_id is in
    // the memory of applied requests. A press that none of Slack's deliveries got acknowledged (the user
    // is told it failed) may or may not have been recorded; on a loaded machine that is the load's, and
    // it is counted above.
    const applied = new Set(
      (await sql.query<{ requestId: string }>(`SELECT "requestId" FROM "DeliveredRequest" WHERE platform = 'slack' AND "requestId" LIKE 'action:%'`)).rows.map((r) => r.requestId),
    );
    const acknowledged = outcomes.filter((o) => o.acknowledged);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((o) => !applied.has(`action:${o.triggerId}`)).map((o) => o.triggerId)).toEqual([]);
    const appliedPresses = outcomes.filter((o) => applied.has(`action:${o.triggerId}`));
    expect(applied.size).toBe(appliedPresses.length);

    // Discord: each interaction applied at most once (its id is remembered with the vote), every one
    // confirmed to its user applied, and every press ends confirmed, the last time it was pressed at
    // the latest. Every interaction acknowledged in time is confirmed, the killed replica's too: those
    // it deferred were held in the database first, and a live replica ran them (discord/intake.ts).
    expect(discordPresses.length).toBeGreaterThan(0);
    expect(discordPresses.filter((p) => !p.attempts.some((a) => a.confirmed)).map((p) => p.attempts)).toEqual([]);
    expect(discordAttempts.filter((a) => a.confirmed && !a.superseded && !appliedInteractions.has(a.interactionId))).toEqual([]);
    expect(discordAttempts.filter((a) => a.status === 200 && !a.confirmed)).toEqual([]);
    const appliedDiscord = discordAttempts.filter((a) => appliedInteractions.has(a.interactionId));
    expect(appliedInteractions.size).toBe(appliedDiscord.length);

    // The vote polls' history has one change per applied press or interaction, per agency's representative and poll.
    expect(await count(`SELECT COUNT(*) AS n FROM "PositionChange" WHERE "pollId" = ANY($1)`, [votePolls])).toBe(appliedPresses.length + appliedDiscord.length);
    const perPair = new Map<string, number>();
    const tally = (key: string) => perPair.set(key, (perPair.get(key) ?? 0) + 1);
    for (const o of appliedPresses) tally(`${o.pollId}:slack:${o.userId}`);
    for (const p of discordPresses) for (const a of p.attempts) if (appliedInteractions.has(a.interactionId)) tally(`${p.pollId}:discord:${p.userId}`);
    const recorded = await sql.query<{ pollId: number; platform: string; externalId: string; n: string }>(
      `SELECT c."pollId", i.platform, i."externalId", COUNT(*) AS n FROM "PositionChange" c JOIN "Identity" i ON i."personId" = c."castById"
       WHERE c."pollId" = ANY($1) GROUP BY c."pollId", i.platform, i."externalId"`,
      [votePolls],
    );
    expect(new Map(recorded.rows.map((r) => [`${r.pollId}:${r.platform}:${r.externalId}`, Number(r.n)]))).toEqual(perPair);

    // Every reminder and every closing reached each platform exactly once, counted at the fakes: on
    // Slack one reminder per agency to its head, on Discord one to its representative's DMs.
    const times = (texts: string[]) => {
      const seen = new Map<string, number>();
      for (const text of texts) seen.set(text, (seen.get(text) ?? 0) + 1);
      return seen;
    };
    const posted = fake.callsTo("chat.postMessage").filter((c) => c.response["ok"] === true).map((c) => String(c.args["text"] ?? ""));
    const reminders = times(posted.filter((t) => t.startsWith("Reminder: ")));
    expect(reminders.size).toBe(GROUPS * AGENCIES);
    const doubled = [...reminders].filter(([, n]) => n !== 1);
    if (doubled.length > 0) {
      // What a failure needs to be understood: each post of the text, the history looked up in its channel, and what the replicas said.
      const calls = fake.callsTo("chat.postMessage").filter((c) => doubled.some(([t]) => c.args["text"] === t));
      const channels = new Set(calls.map((c) => String(c.response["channel"] ?? c.args["channel"])));
      const lookups = fake.callsTo("conversations.history").filter((c) => channels.has(String(c.args["channel"])));
      const said = [...rotation, killed as Replica | null].flatMap((r) => (r ? [`${r.name}: ${r.process.stdout().split("\n").filter((l) => /earlier|outbox/i.test(l)).slice(-20).join("\n")}`] : []));
      console.log(
        `doubled reminders (storm began ${stormStart}, replica killed at ${killedAt}):\n` +
          calls.map((c) => `post at ${c.time} to ${String(c.args["channel"])}: ok ${String(c.response["ok"])} ts ${String(c.response["ts"])} held ${String(c.held ?? false)} metadata ${JSON.stringify(c.args["metadata"])}`).join("\n") +
          `\n${lookups.map((c) => `history at ${c.time} of ${String(c.args["channel"])} oldest ${String(c.args["oldest"])}: ${JSON.stringify(c.response).slice(0, 300)}`).join("\n")}\n${said.join("\n")}`,
      );
    }
    expect(doubled).toEqual([]);
    const closings = times(posted.filter((t) => t.startsWith("Decision ")));
    expect([...closings.keys()].map((t) => /poll #(\d+)/.exec(t)?.[1]).sort()).toEqual(deadlinePolls.map(String).sort());
    expect([...closings].filter(([, n]) => n !== 1)).toEqual([]);
    const onDiscord = discord.messages.filter((m) => !m.deleted && m.authorId === discord.botUser.id && m.interactionId === null);
    const discordReminders = times(onDiscord.filter((m) => m.content.startsWith("Reminder: ")).map((m) => `${m.channelId} ${m.content}`));
    expect(discordReminders.size).toBe(GROUPS * AGENCIES);
    expect([...discordReminders].filter(([, n]) => n !== 1)).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM "Poll" WHERE id = ANY($1) AND status = 'closed'`, [deadlinePolls])).toBe(GROUPS);
    // Nothing crossed between groups: each closing went to its own group's channel only, on each
    // platform, and each poll's card was posted once there, whichever replica delivered it.
    for (const group of groups) {
      const inChannel = fake.callsTo("chat.postMessage").filter((c) => c.response["ok"] === true && c.args["channel"] === group.channel);
      expect(inChannel.filter((c) => String(c.args["text"] ?? "").startsWith("Decision ")).map((c) => /poll #(\d+)/.exec(String(c.args["text"]))?.[1])).toEqual([String(group.pollIds[1])]);
      expect(inChannel.filter((c) => JSON.stringify(c.args["blocks"] ?? "").includes("poll_tally"))).toHaveLength(group.pollIds.length);
      const inDiscordChannel = onDiscord.filter((m) => m.channelId === group.discord!.channel);
      expect(inDiscordChannel.filter((m) => m.content.startsWith("Decision ")).map((m) => /poll #(\d+)/.exec(m.content)?.[1])).toEqual([String(group.pollIds[1])]);
      // A closed poll's card has no buttons left: the cards are known by their embed's title.
      const cardTitles = inDiscordChannel.flatMap((m) => m.embeds.map((e) => (e as { title?: string }).title ?? "")).filter((t) => /^Poll #\d+:/.test(t));
      expect(cardTitles.map((t) => /^Poll #(\d+):/.exec(t)?.[1]).sort()).toEqual(group.pollIds.map(String).sort());
    }
    // No Discord closing or reminder went anywhere else: a closing only in the groups' channels, a reminder only in DMs.
    const groupChannels = new Set(groups.map((g) => g.discord!.channel));
    expect(onDiscord.filter((m) => m.content.startsWith("Decision ") && !groupChannels.has(m.channelId))).toEqual([]);
    expect(onDiscord.filter((m) => m.content.startsWith("Reminder: ") && m.guildId !== null)).toEqual([]);

    // The outbox ended empty: nothing pending, nothing parked.
    expect(await count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status <> 'sent'`)).toBe(0);
  });
});
