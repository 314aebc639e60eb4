// Outbox claims on PostgreSQL from several replicas at once: the portable claim (conditional UPDATEs,
// a claimer waits on another's row locks) beside the PostgreSQL layer's (FOR UPDATE SKIP LOCKED, no
// waiting), on one local cluster in the same run. Each of CLAIMERS connections claims batches of 10
// and marks them sent until the queue is empty; a fifth of the messages are edits of 20 cards.
//   npm run bench:outbox   (CLAIMERS=4 MESSAGES=2000 by default)
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Store } from "../src/core/store.ts";
import type { StorePrisma } from "../src/infra/db/db.ts";
import { PrismaClient as PostgresPrisma } from "../src/infra/db/generated/postgres/client.ts";
import { openDatabase } from "../src/infra/db/openDatabase.ts";
import { prismaStore } from "../src/infra/db/prismaStore.ts";
import { PORTABLE_LAYER } from "../src/infra/db/transaction.ts";
import { startCluster } from "../test/support/postgresCluster.ts";

const CLAIMERS = Number(process.env["CLAIMERS"] ?? 4);
const MESSAGES = Number(process.env["MESSAGES"] ?? 2000);
const BATCH = 10;

async function seed(store: Store): Promise<void> {
  const now = new Date();
  await store.transaction(async (tx) => {
    const group = await tx.groups.create("Bench", "UTC");
    const audience = { kind: "channel" as const, purpose: "announcements" as const };
    for (let card = 0; card < 20; card++) await tx.outbox.enqueue({ groupId: group.id, idempotencyKey: `card:${card}`, audience, text: "card" }, now);
    for (let i = 0; i < MESSAGES - 20; i++) {
      const edit = i % 5 === 0;
      await tx.outbox.enqueue(
        { groupId: group.id, idempotencyKey: `m:${i}`, audience, text: `m ${i}`, ...(edit ? { action: "edit" as const, target: `card:${i % 20}` } : {}) },
        now,
      );
    }
  });
}

async function drain(stores: Store[]): Promise<{ ms: number; claimed: number; emptyRounds: number }> {
  let emptyRounds = 0;
  const started = performance.now();
  const counts = await Promise.all(
    stores.map(async (store, i) => {
      let claimed = 0;
      for (let empty = 0; empty < 3; ) {
        const now = new Date();
        const batch = await store.transaction((tx) => tx.outbox.claim(now, BATCH, `bench-${i}`, new Date(now.getTime() + 60_000)));
        if (batch.length === 0) {
          empty++;
          emptyRounds++;
          continue;
        }
        empty = 0;
        claimed += batch.length;
        await store.transaction(async (tx) => {
          for (const m of batch) await tx.outbox.markSent(m.id, now);
        });
      }
      return claimed;
    }),
  );
  return { ms: performance.now() - started, claimed: counts.reduce((a, b) => a + b, 0), emptyRounds };
}

const cluster = await startCluster({ durable: true });
const closers: (() => Promise<unknown>)[] = [];
try {
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  const rows: string[] = [];
  for (const kind of ["portable", "layer"] as const) {
    await admin.query(`CREATE DATABASE bench_${kind}`);
    const url = cluster.url(`bench_${kind}`);
    const first = await openDatabase(url);
    closers.push(() => first.close());
    const stores: Store[] = [];
    for (let i = 0; i < CLAIMERS; i++) {
      if (kind === "layer") {
        const db = await openDatabase(url);
        closers.push(() => db.close());
        stores.push(db.store);
      } else {
        const prisma = new PostgresPrisma({ adapter: new PrismaPg({ connectionString: url }) });
        closers.push(() => prisma.$disconnect());
        stores.push(prismaStore(prisma as unknown as StorePrisma, PORTABLE_LAYER));
      }
    }
    await seed(first.store);
    const r = await drain(stores);
    rows.push(
      `${kind === "layer" ? "PostgreSQL layer (SKIP LOCKED)" : "portable (conditional UPDATE)"}: ${r.claimed} of ${MESSAGES} claimed and sent by ${CLAIMERS} claimers in ${r.ms.toFixed(0)} ms, ${((r.claimed / r.ms) * 1000).toFixed(0)} messages/s, ${r.emptyRounds} empty claims`,
    );
  }
  await admin.end();
  const [load] = (await import("node:os")).loadavg();
  console.log(`Outbox claims, ${CLAIMERS} claimers, batches of ${BATCH}, load average ${load!.toFixed(1)}:`);
  for (const row of rows) console.log(`  ${row}`);
} finally {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  cluster.stop();
}
