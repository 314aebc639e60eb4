// Votes per second through the bot's HTTP receivers, Slack's (HTTP mode, /slack/events) and Discord's
// (HTTP interactions, /discord/interactions), with one, two and three bot replicas on one PostgreSQL,
// side by side in one run on the same machine. Each replica is the real `npm start` process
// (node --import tsx src/main.ts) with both platforms on, Slack in HTTP mode and Discord in HTTP
// interactions mode (DISCORD_PUBLIC_KEY), against the fake Slack and the fake Discord; the group has a
// Slack workspace and a Discord server, so each vote redraws its poll's card on both, as in a
// deployment serving both. A round-robin HTTP proxy on loopback stands for the load balancer
// (BALANCER=client spreads the requests from the client instead). Every vote is a signed press of a
// poll card's button, as the platform sends it; a row's presses all come from one platform.
//
// Figures per configuration: votes recorded per second (from the first press until the database holds
// them all, counted in PositionChange), the acknowledgement's p50 and p99 as the platform would see them
// (through the proxy; on Discord the HTTP answer, which is a deferral when the replica is busy), and
// the CPU time per vote of the replicas, of PostgreSQL and of this process (the fakes, the proxy and
// the client), which says where a vote's cost goes on a 2-core machine. The load average is printed
// with every row: on a shared machine the figures move with it.
//
//   npm run bench:replicas   (VOTES=300 per configuration, WARM_UP=60, REPLICAS=1,2,3, PLATFORMS=slack,discord,
//                             CONCURRENCY=24, POLLS=10, BALANCER=proxy or client;
//                             REPLICA_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the replicas)
import { readdirSync, readFileSync } from "node:fs";
import { createServer, request, Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { INTERACTIONS_PATH } from "../src/adapters/discord/httpInteractions.ts";
import { startFakeDiscord, type FakeDiscord, type StoredMessage } from "../test/fakes/discord/index.ts";
import { startFakeSlack, type FakeSlack } from "../test/fakes/slack/index.ts";
import { startCluster, type Cluster } from "../test/support/postgresCluster.ts";
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
} from "../test/support/replicas.ts";

const VOTES = Number(process.env["VOTES"] ?? 300);
const WARM_UP = Number(process.env["WARM_UP"] ?? 60);
const REPLICAS = (process.env["REPLICAS"] ?? "1,2,3").split(",").map(Number);
type Platform = "slack" | "discord";
const PLATFORMS = (process.env["PLATFORMS"] ?? "slack,discord").split(",").map((p) => p.trim()) as Platform[];
for (const platform of PLATFORMS) if (platform !== "slack" && platform !== "discord") throw new Error(`PLATFORMS: "${platform}" is neither slack nor discord`);
const CONCURRENCY = Number(process.env["CONCURRENCY"] ?? 24);
const POLLS = Number(process.env["POLLS"] ?? 10);
const AGENCIES = 30;
const BALANCER = process.env["BALANCER"] ?? "proxy";
/** Slack's and Discord's window for an acknowledgement. */
const ACK_WINDOW_MS = 3000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<void> | void)[] = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void cleanUp().finally(() => process.exit(130)));

/** A load balancer's least: each request to the next replica in turn, over kept-alive upstream connections. */
async function roundRobinProxy(replicas: Replica[]): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server: Server = createServer((req, res) => {
    const target = replicas[next++ % replicas.length]!;
    const upstream = request({ host: "127.0.0.1", port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/** User + system CPU time of a process and of its children that were waited for, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14-17 of stat(5), counted from the state (field 3) here: utime, stime, cutime, cstime.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0; // the process has gone
  }
}

/** PostgreSQL's CPU: the postmaster (with the backends it has reaped) and every backend still running. */
function postgresCpuMs(cluster: Cluster): number {
  const postmaster = Number(readFileSync(join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  let total = cpuMs(postmaster);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) total += cpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

interface Row {
  platform: Platform;
  replicas: number;
  votesPerSecond: number;
  acksPerSecond: number;
  p50: number;
  p99: number;
  late: number;
  failed: number;
  cpu: { replicas: number; postgres: number; bench: number };
  loadBefore: string;
  loadAfter: string;
}

async function count(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "PositionChange"`);
  return Number(rows[0]!.n);
}

/** A press of a card's button by the `i`-th voter on one platform: its acknowledgement's status and time. */
type Press = (i: number, url: string) => Promise<{ status: number; elapsedMs: number }>;

function slackPress(fake: FakeSlack, group: SeededGroup, cards: Map<number, { ts: string }>): Press {
  return async (i, url) => {
    const pollId = group.pollIds[Math.floor(i / AGENCIES) % group.pollIds.length]!;
    const card = cards.get(pollId)!;
    const button = cardButton(fake.messagesIn(group.channel).find((m) => m.ts === card.ts)!, pollId, i % 2 === 0 ? "concur" : "abstain")!;
    return fake.http.blockAction(`${url}/slack/events`, { ...button, userId: group.users[i % AGENCIES]!, channelId: group.channel, messageTs: card.ts }, { timeoutMs: 60_000 });
  };
}

function discordPress(fake: FakeDiscord, group: SeededGroup, cards: Map<number, StoredMessage>): Press {
  const discord = group.discord!;
  return async (i, url) => {
    const pollId = group.pollIds[Math.floor(i / AGENCIES) % group.pollIds.length]!;
    const card = fake.message(cards.get(pollId)!.id)!;
    const customId = discordCardButton(card, pollId, i % 2 === 0 ? "concur" : "abstain")!;
    const payload = fake.button({ user: discord.users[i % AGENCIES]!, guildId: discord.guildId, channelId: discord.channel, customId, message: card });
    return fake.http.post(`${url}${INTERACTIONS_PATH}`, payload);
  };
}

/** Presses from CONCURRENCY users at a time; each press is a fresh gesture (its own trigger_id or interaction). */
async function storm(press: Press, url: (i: number) => string, from: number, votes: number) {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const one = async (i: number) => {
    try {
      const done = await press(i, url(i));
      if (done.status === 200) latencies.push(done.elapsedMs);
      else failed++;
    } catch {
      failed++;
    }
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < votes; i = next++) await one(from + i);
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), failed };
}

async function configuration(cluster: Cluster, platform: Platform, replicas: number): Promise<Row> {
  const name = `${platform}_replicas_${replicas}`;
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = cluster.url(name);
  const local: (() => Promise<void> | void)[] = [];
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, teamId: "T0BENCH" });
  local.push(() => fake.close());
  // The fake Discord waits a minute for an answer, as the fake Slack's client does, so that a late
  // acknowledgement is measured (and counted over 3 s) rather than cut off at Discord's window.
  const discord = await startFakeDiscord({
    users: Array.from({ length: AGENCIES + 1 }, (_, a) => ({ username: a === AGENCIES ? "secretariat" : `agency-${a}` })),
    guilds: [{ name: "Bench", channels: [{ name: "announcements" }] }],
    ackWindowMs: 60_000,
  });
  local.push(() => discord.close());
  const reader = new pg.Client({ connectionString: databaseUrl });
  try {
    // The first replica applies the migrations; seeding needs them, and the seed's poll cards then go out through the replicas.
    const group = await seedSlackGroup(databaseUrl, {
      agencies: AGENCIES,
      polls: POLLS,
      slackTeam: "T0BENCH",
      discord: {
        guildId: discord.guild.id,
        channel: discord.guild.channelIds[0]!,
        secretariat: discord.user("secretariat").id,
        users: Array.from({ length: AGENCIES }, (_, a) => discord.user(`agency-${a}`).id),
      },
    });
    fake.addChannel({ id: group.channel, name: "general" });
    const started = await Promise.all(
      Array.from({ length: replicas }, (_, r) => startReplica({ databaseUrl, fake, discord, name: `r${r}`, cleanups: local, nodeFlags: (process.env["REPLICA_NODE_FLAGS"] ?? "").split(" ").filter(Boolean) })),
    );
    local.push(async () => {
      for (const replica of started) await stopReplica(replica);
    });
    await reader.connect();
    const press = platform === "slack" ? slackPress(fake, group, await cardsOf(fake, group, 60_000)) : discordPress(discord, group, await discordCardsOf(discord, group, 60_000));
    let url: (i: number) => string;
    if (BALANCER === "client") {
      url = (i) => `http://127.0.0.1:${started[i % started.length]!.port}`;
    } else {
      const proxy = await roundRobinProxy(started);
      local.push(() => proxy.close());
      url = () => proxy.url;
    }

    await storm(press, url, 0, WARM_UP);
    while ((await count(reader)) < WARM_UP) await sleep(50);

    const loadBefore = load();
    const pids = started.map((r) => r.process.child.pid!);
    const cpuBefore = { replicas: pids.reduce((s, p) => s + cpuMs(p), 0), postgres: postgresCpuMs(cluster), bench: process.cpuUsage() };
    const t0 = performance.now();
    const { latencies, failed } = await storm(press, url, WARM_UP, VOTES);
    const acked = performance.now();
    const expected = WARM_UP + VOTES - failed;
    const deadline = performance.now() + 120_000;
    while ((await count(reader)) < expected) {
      if (performance.now() > deadline) throw new Error(`only ${await count(reader)} of ${expected} votes were recorded within 2 minutes of the last acknowledgement`);
      await sleep(20);
    }
    const recorded = performance.now();
    const bench = process.cpuUsage(cpuBefore.bench);
    const row: Row = {
      platform,
      replicas,
      votesPerSecond: (VOTES - failed) / ((recorded - t0) / 1000),
      acksPerSecond: latencies.length / ((acked - t0) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      late: latencies.filter((l) => l > ACK_WINDOW_MS).length,
      failed,
      cpu: {
        replicas: (pids.reduce((s, p) => s + cpuMs(p), 0) - cpuBefore.replicas) / VOTES,
        postgres: (postgresCpuMs(cluster) - cpuBefore.postgres) / VOTES,
        bench: (bench.user + bench.system) / 1000 / VOTES,
      },
      loadBefore,
      loadAfter: load(),
    };
    return row;
  } finally {
    await reader.end().catch(() => undefined);
    for (const cleanup of local.reverse()) await cleanup();
  }
}

const cluster = await startCluster({ durable: true });
cleanups.push(() => cluster.stop());
try {
  console.log(
    `${VOTES} card presses per configuration (after ${WARM_UP} of warm-up), ${CONCURRENCY} in flight, ${POLLS} polls of ${AGENCIES} agencies, ` +
      `replicas with Slack in HTTP mode and Discord in HTTP interactions mode, ${BALANCER === "client" ? "the client spreading requests round-robin" : "a round-robin proxy on loopback"}, ` +
      `PostgreSQL 15 local (fsync and synchronous_commit on); ${availableParallelism()} cores.`,
  );
  const rows: Row[] = [];
  for (const platform of PLATFORMS) {
    for (const replicas of REPLICAS) {
      const row = await configuration(cluster, platform, replicas);
      rows.push(row);
      const ms = (n: number) => n.toFixed(0).padStart(5);
      console.log(
        `${row.platform.padEnd(7)} ${String(row.replicas)} replica${row.replicas === 1 ? " " : "s"}  ${row.votesPerSecond.toFixed(0).padStart(5)} votes/s recorded  ` +
          `(${row.acksPerSecond.toFixed(0)} acks/s)   ack p50 ${ms(row.p50)} ms  p99 ${ms(row.p99)} ms  over 3 s: ${row.late}  failed: ${row.failed}   ` +
          `CPU per vote: replicas ${row.cpu.replicas.toFixed(2)} ms, PostgreSQL ${row.cpu.postgres.toFixed(2)} ms, fakes+proxy+client ${row.cpu.bench.toFixed(2)} ms   ` +
          `load ${row.loadBefore} → ${row.loadAfter}`,
      );
    }
  }
  for (const platform of PLATFORMS) {
    const mine = rows.filter((r) => r.platform === platform);
    const base = mine[0];
    if (base) console.log(`${platform}: scaling against ${base.replicas} replica${base.replicas === 1 ? "" : "s"}: ${mine.map((r) => `${r.replicas}: ${(r.votesPerSecond / base.votesPerSecond).toFixed(2)}x`).join(", ")}`);
  }
  console.log(`Load average at the end: ${load()}; on ${availableParallelism()} cores, a load near or above that means other processes shared the CPU.`);
} finally {
  await cleanUp();
}
process.exit(0);
