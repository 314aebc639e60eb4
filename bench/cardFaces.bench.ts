// What keeping a card's face in the database (MessageFace, src/core/outbox/messageFace.ts) costs a
// redraw, on SQLite and PostgreSQL in one run: the real SlackSender's edit against the fake Slack on
// loopback, beside what the sender did when it kept the face in its memory (draw the card, compare
// with a Map, chat.update), through the same WebClient. Two cases: a redraw that changes the card (a
// position taken between redraws, not timed), which pays a read before and a write after the call,
// and a redraw that changes nothing, which pays the read and skips the call. The modes take turns in
// rounds, so the machine's load falls on each alike; CPU time is the process's, fake Slack included.
//   npm run bench:faces   (REDRAWS=300 ROUNDS=6 DATABASES=sqlite,postgres by default)
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { webApi, type Logger as BoltLogger } from "@slack/bolt";
import pg from "pg";
import { cardBlocks, cardSummary } from "../src/adapters/slack/blocks.ts";
import { singleWorkspace } from "../src/adapters/slack/installations.ts";
import { messageRef, SlackSender } from "../src/adapters/slack/sender.ts";
import { cardData } from "../src/core/cards/card.ts";
import { drawCard } from "../src/core/cards/drawCard.ts";
import type { Deps } from "../src/core/deps.ts";
import type { Destination, QueuedMessage } from "../src/core/outbox/message.ts";
import { systemClock } from "../src/core/shared/clock.ts";
import { openDatabase, type OpenedDatabase } from "../src/infra/db/openDatabase.ts";
import { startFakeSlack } from "../test/fakes/slack/index.ts";
import { startCluster, type Cluster } from "../test/support/postgresCluster.ts";

const REDRAWS = Number(process.env["REDRAWS"] ?? 300);
const ROUNDS = Number(process.env["ROUNDS"] ?? 6);
const DATABASES = (process.env["DATABASES"] ?? "sqlite,postgres").split(",");
const TOKEN = "xoxb-bench-faces";
const CHANNEL = "C0BENCH";
const silent: BoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };

type Mode = "face, changing" | "memory, changing" | "face, unchanged" | "memory, unchanged";
const MODES: Mode[] = ["face, changing", "memory, changing", "face, unchanged", "memory, unchanged"];

async function bench(db: OpenedDatabase, label: string, apiUrl: string, updates: () => number): Promise<string[]> {
  const deps: Deps = { store: db.store, clock: systemClock };
  const client = new webApi.WebClient(TOKEN, { slackApiUrl: apiUrl, logger: silent });
  const sender = new SlackSender(singleWorkspace(client), deps, silent);
  const now = new Date();
  const { pollId, agencyId, personId, groupId } = await db.store.transaction(async (tx) => {
    const group = await tx.groups.create("Bench", "UTC");
    const agency = await tx.agencies.create({ groupId: group.id, code: "NASA", name: "NASA", status: "participating", frameworkContributor: false, joinedAt: now, withdrawnAt: null });
    const person = await tx.people.create(group.id, "nasa1", { platform: "shell", externalId: "nasa1" });
    await tx.people.setDelegation(person.id, agency.id, true);
    const poll = await tx.polls.create(
      { groupId: group.id, title: "Budget 2027", text: null, kind: "general", procedure: "consensus", quorumPercent: null, subject: null, openedById: person.id, openedAt: now, closesAt: new Date(now.getTime() + 7 * 86_400_000) },
      [agency.id],
    );
    return { pollId: poll.id, agencyId: agency.id, personId: person.id, groupId: group.id };
  });
  const card = { kind: "poll" as const, id: pollId };
  const content = async () => {
    const drawn = (await drawCard(deps, card))!;
    return { text: cardSummary(drawn), blocks: cardBlocks(drawn) };
  };
  const posted = await client.chat.postMessage({ channel: CHANNEL, ...(await content()) });
  const ref = messageRef(CHANNEL, posted.ts!);
  const redraw: QueuedMessage = {
    id: 0, groupId, idempotencyKey: "bench", audience: { kind: "channel", purpose: "announcements" }, text: "",
    data: cardData({ kind: "poll", id: pollId, redraw: true }), action: "edit", target: "poll:card", attempts: 0, createdAt: now,
  };
  const destination: Destination = { kind: "channel", platform: "slack", channelId: CHANNEL, purpose: "announcements" };
  const memory = new Map<string, string>();
  const fingerprint = (c: object) => createHash("sha256").update(JSON.stringify(c)).digest("base64");
  /** The sender before MessageFace: its face in a Map. */
  const memoryEdit = async () => {
    const c = await content();
    const face = fingerprint(c);
    if (memory.get(ref) === face) return;
    await client.chat.update({ channel: CHANNEL, ts: posted.ts!, ...c });
    memory.set(ref, face);
  };
  let stance: "concur" | "abstain" = "concur";
  const vote = () =>
    db.store.transaction((tx) => tx.polls.castPosition({ pollId, agencyId, stance: (stance = stance === "concur" ? "abstain" : "concur"), reason: null, endorsed: false, castById: personId, castAt: new Date(), requestedAt: null }, "shell"));

  const totals = new Map(MODES.map((m) => [m, { ms: 0, cpuMs: 0, n: 0, sent: 0 }]));
  const perRound = Math.ceil(REDRAWS / ROUNDS);
  const run = async (mode: Mode, count: number) => {
    const changing = mode.endsWith("changing");
    const edit = mode.startsWith("face") ? () => sender.edit(redraw, destination, ref) : memoryEdit;
    await edit(); // the face (recorded or remembered) is the card's current one from here on
    const total = totals.get(mode)!;
    const before = updates();
    for (let i = 0; i < count; i++) {
      if (changing) await vote();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await edit();
      total.ms += performance.now() - started;
      const used = process.cpuUsage(cpu);
      total.cpuMs += (used.user + used.system) / 1000;
      total.n++;
    }
    total.sent += updates() - before;
  };
  // A warm-up of each mode, not counted.
  for (const mode of MODES) await run(mode, 20);
  for (const mode of MODES) Object.assign(totals.get(mode)!, { ms: 0, cpuMs: 0, n: 0, sent: 0 });
  for (let round = 0; round < ROUNDS; round++) for (const mode of MODES) await run(mode, perRound);
  const per = (mode: Mode) => {
    const t = totals.get(mode)!;
    return { ms: t.ms / t.n, cpu: t.cpuMs / t.n, perSecond: (t.n / t.ms) * 1000, sent: t.sent, n: t.n };
  };
  const rows: string[] = [];
  for (const mode of MODES) {
    const p = per(mode);
    rows.push(`${label}, ${mode.padEnd(17)}: ${p.ms.toFixed(2)} ms a redraw (${p.cpu.toFixed(2)} ms CPU), ${p.perSecond.toFixed(0)} redraws/s, ${p.sent} of ${p.n} sent`);
  }
  const extra = (a: Mode, b: Mode) => `${(per(a).ms - per(b).ms).toFixed(2)} ms (${(per(a).cpu - per(b).cpu).toFixed(2)} ms CPU)`;
  rows.push(`${label}: the face in the database adds ${extra("face, changing", "memory, changing")} to a redraw that changes the card, ${extra("face, unchanged", "memory, unchanged")} to one that changes nothing`);
  return rows;
}

const fake = await startFakeSlack({ botToken: TOKEN, signingSecret: "s", teamId: "T0BENCH", channels: [{ id: CHANNEL, name: "announcements" }] });
let cluster: Cluster | null = null;
const dir = mkdtempSync(join(tmpdir(), "bench-faces-"));
const rows: string[] = [];
try {
  for (const kind of DATABASES) {
    let target = join(dir, "bot.db");
    if (kind === "postgres") {
      cluster = await startCluster({ durable: true });
      const admin = new pg.Client({ connectionString: cluster.url("postgres") });
      await admin.connect();
      await admin.query("CREATE DATABASE bench_faces");
      await admin.end();
      target = cluster.url("bench_faces");
    } else if (kind !== "sqlite") throw new Error(`DATABASES takes sqlite and postgres, not "${kind}"`);
    const db = await openDatabase(target);
    try {
      rows.push(...(await bench(db, kind === "sqlite" ? "SQLite" : "PostgreSQL", fake.apiUrl, () => fake.callsTo("chat.update").length)));
    } finally {
      await db.close();
    }
  }
  console.log(`Card redraws on the fake Slack, ${REDRAWS} per mode in ${ROUNDS} rounds, load average ${loadavg()[0]!.toFixed(1)} on ${(await import("node:os")).cpus().length} cores:`);
  for (const row of rows) console.log(`  ${row}`);
} finally {
  cluster?.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
