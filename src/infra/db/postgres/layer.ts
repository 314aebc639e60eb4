// What PostgreSQL adds to the portable repositories: the row locks that READ COMMITTED needs, and for
// speed the vote path's reads and writes as named statements on the store transaction's own `pg`
// connection (transactions.ts, statements.ts), so that a cast never starts Prisma; and the claims of
// jobs and outbox messages with SKIP LOCKED, so that replicas claiming at once never wait on each other.
//
// Prisma's interactive transactions and the store's own run at READ COMMITTED, so two transactions
// interleave unless what is read and then written takes a row lock; the store's contract
// (core/store.ts) says which. Errors are mapped to one vocabulary in errors.ts (23505, 40001, 40P01),
// and the store retries a transaction that met one.
//
// Fewer round trips: the poll's lock reads the row it locks (byId then answers from it), a person comes
// with their roles in one statement, a cast writes the position and its history in one statement, and
// a message is queued in one INSERT … ON CONFLICT DO NOTHING (Prisma's upsert takes three). A cast is
// 10 statements, BEGIN and COMMIT included (Prisma's portable repositories: 16; the bench's raw
// baseline: 11). Measured with `VOTES=300 DATABASES=postgres npx tsx bench/vote.bench.ts` on 2 cores
// shared with other work; CPU time is this process's, which the load disturbs less than wall time:
//   before, Prisma's transactions and this layer's two locks only (load 1.8):
//     raw pg baseline   843 votes/s   p50  1.0 ms   p99  4.4 ms   CPU 0.81 ms/vote
//     core path          90 votes/s   p50 11.1 ms   p99 22.5 ms   CPU 8.86 ms/vote   9.4x the baseline
//   after, in one run (load 29 to 22):
//     raw pg baseline    86 votes/s   p50 10.2 ms   p99 39.0 ms   CPU 1.19 ms/vote   11 statements
//     this layer         61 votes/s   p50 15.8 ms   p99 66.6 ms   CPU 2.45 ms/vote   10 statements   1.4x
//     portable           12 votes/s   p50 74.6 ms   p99 283 ms    CPU 13.9 ms/vote   16 statements   7.3x
// Their SQL reads and writes exactly what the portable methods they replace do (the contract suite
// runs both, test/contract).
import type { Audience } from "../../../core/outbox/message.ts";
import type { Poll } from "../../../core/polls/poll.ts";
import type { Row } from "../db.ts";
import { toAgency } from "../repositories/agencyRepository.ts";
import { toPerson } from "../repositories/personRepository.ts";
import { toQueued } from "../repositories/outboxRepository.ts";
import { toPoll, toPosition } from "../repositories/pollRepository.ts";
import type { StoreLayer } from "../transaction.ts";
import type { PostgresStatements } from "./statements.ts";

/** The layer of one store transaction, on that transaction's connection. */
export function postgresFastPath(sql: PostgresStatements): StoreLayer {
  return {
    begin: () => undefined,
    repositories: {
      // Every use case starts here, the vote path included.
      people: (_db, portable) => ({
        ...portable,
        byIdentity: async (groupId, identity) => {
          const [person] = await sql.all<Row<"person"> & { roles: string[] }>`
            SELECT p."id", p."groupId", p."handle", p."agencyId", p."isHead", p."createdAt",
              ARRAY(SELECT g."role" FROM "RoleGrant" g WHERE g."personId" = p."id" ORDER BY g."role") AS "roles"
            FROM "Identity" i JOIN "Person" p ON p."id" = i."personId"
            WHERE i."groupId" = ${groupId} AND i."platform" = ${identity.platform} AND i."externalId" = ${identity.externalId}`;
          return person ? toPerson({ ...person, roles: person.roles.map((role) => ({ role })) }) : null;
        },
      }),
      agencies: (_db, portable) => ({
        ...portable,
        byId: async (id) => {
          const [r] = await sql.all<Row<"agency">>`SELECT * FROM "Agency" WHERE "id" = ${id}`;
          return r ? toAgency(r) : null;
        },
      }),
      polls: (_db, portable) => {
        // The row that `lock` read, for the `byId` that follows it: nothing else can change the row
        // while this transaction holds its lock, and this transaction's own writes to it forget it.
        let locked: Poll | null = null;
        return {
          ...portable,
          // A cast, a close, an extension or a withdrawal reads the poll and its positions, then writes:
          // the row lock makes the others wait here until this transaction commits, and they then read
          // what it wrote. FOR UPDATE locks without writing a new row version, as the portable UPDATE does.
          lock: async (id) => {
            const [r] = await sql.all<Row<"poll">>`SELECT * FROM "Poll" WHERE "id" = ${id} FOR UPDATE`;
            locked = r ? toPoll(r) : null;
          },
          byId: async (id) => {
            if (locked?.id === id) return { ...locked };
            const [r] = await sql.all<Row<"poll">>`SELECT * FROM "Poll" WHERE "id" = ${id}`;
            return r ? toPoll(r) : null;
          },
          update: async (id, patch) => {
            locked = null;
            await portable.update(id, patch);
          },
          electors: async (pollId) =>
            sql.all<{ agencyId: number; removedAt: Date | null }>`SELECT "agencyId", "removedAt" FROM "PollElector" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`,
          positions: async (pollId) => (await sql.all<Row<"position">>`SELECT * FROM "Position" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`).map(toPosition),
          castPosition: async (p, platform) => {
            // The (poll, agency) primary key makes the upsert atomic: one current position per agency;
            // the history keeps every cast. One statement, one round trip.
            const [change] = await sql.all<{ id: number }>`
              WITH "current" AS (
                INSERT INTO "Position" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "requestedAt", "version")
                VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, ${p.requestedAt}, 1)
                ON CONFLICT ("pollId", "agencyId") DO UPDATE SET "stance" = excluded."stance", "reason" = excluded."reason", "endorsed" = excluded."endorsed",
                  "castById" = excluded."castById", "castAt" = excluded."castAt", "requestedAt" = excluded."requestedAt", "version" = "Position"."version" + 1
              )
              INSERT INTO "PositionChange" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "platform")
              VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, ${platform}) RETURNING "id"`;
            return change!.id;
          },
        };
      },
      audit: (_db, portable) => ({
        ...portable,
        append: async (e) => {
          await sql.run`INSERT INTO "AuditEntry" ("groupId", "at", "actorId", "action", "subject", "details")
            VALUES (${e.groupId}, ${e.at}, ${e.actorId}, ${e.action}, ${e.subject}, ${JSON.stringify(e.details ?? {})})`;
        },
      }),
      outbox: (_db, portable) => ({
        ...portable,
        enqueue: async (m, at) => {
          // A second enqueue of the same logical message is a no-op: retried work cannot send twice.
          await sql.run`INSERT INTO "OutboxMessage" ("groupId", "idempotencyKey", "action", "target", "audience", "text", "data", "status", "attempts", "nextAttemptAt", "createdAt")
            VALUES (${m.groupId}, ${m.idempotencyKey}, ${m.action ?? "post"}, ${m.target ?? null}, ${JSON.stringify(m.audience satisfies Audience)}, ${m.text}, ${JSON.stringify(m.data ?? {})}, 'pending', 0, ${at}, ${at})
            ON CONFLICT ("idempotencyKey") DO NOTHING`;
        },
        // What the portable claim does (outboxRepository.ts), without waiting on another claimer: due
        // rows that another replica is claiming at this moment are skipped rather than waited for, and
        // so are the changes of a message whose row another claimer holds. Nothing here blocks, so two
        // replicas claiming at once never queue behind each other or deadlock. (Lists go in as JSON.)
        claim: async (at, limit, worker, until) => {
          const candidates = await sql.all<Row<"outboxMessage">>`
            SELECT * FROM "OutboxMessage" m
            WHERE m."status" = 'pending' AND m."nextAttemptAt" <= ${at} AND (m."claimedUntil" IS NULL OR m."claimedUntil" <= ${at})
              AND NOT (m."action" <> 'post' AND m."target" IS NOT NULL AND EXISTS (
                SELECT 1 FROM "OutboxMessage" o
                WHERE o."target" = m."target" AND o."action" <> 'post' AND o."status" = 'pending' AND o."claimedUntil" > ${at} AND o."claimedBy" <> ${worker}))
            ORDER BY m."id" LIMIT ${limit}
            FOR UPDATE OF m SKIP LOCKED`;
          if (candidates.length === 0) return [];
          const targets = JSON.stringify([...new Set(candidates.filter((m) => m.action !== "post" && m.target !== null).map((m) => m.target!))].sort());
          // The targets' rows are the lock on their changes: one that another claimer holds means its
          // changes wait for the next round. Read again once they are held: a claim committed meanwhile shows.
          const held = new Set(
            (
              await sql.all<{ idempotencyKey: string }>`
                SELECT "idempotencyKey" FROM "OutboxMessage" WHERE "idempotencyKey" IN (SELECT jsonb_array_elements_text(${targets}::jsonb))
                ORDER BY "idempotencyKey" FOR UPDATE SKIP LOCKED`
            ).map((r) => r.idempotencyKey),
          );
          const busy = new Set(
            (
              await sql.all<{ target: string }>`
                SELECT DISTINCT "target" FROM "OutboxMessage"
                WHERE "target" IN (SELECT jsonb_array_elements_text(${targets}::jsonb)) AND "action" <> 'post' AND "status" = 'pending'
                  AND "claimedUntil" > ${at} AND "claimedBy" <> ${worker}`
            ).map((r) => r.target),
          );
          const won = candidates.filter((m) => m.action === "post" || m.target === null || (held.has(m.target) && !busy.has(m.target)));
          if (won.length === 0) return [];
          await sql.run`UPDATE "OutboxMessage" SET "claimedBy" = ${worker}, "claimedUntil" = ${until}
            WHERE "id" IN (SELECT (jsonb_array_elements_text(${JSON.stringify(won.map((m) => m.id))}::jsonb))::int)`;
          return won.map(toQueued);
        },
      }),
      jobs: (_db, portable) => ({
        ...portable,
        // A job that another worker has claimed and is running (its transaction is still open) is
        // skipped at once instead of waited for: the portable conditional UPDATE would block on that row
        // until the other transaction ends, only to find the job done. If the other one rolls back, the
        // job is still pending and the next tick claims it.
        claim: async (id, worker, at) => {
          const claimed = await sql.all<{ id: number }>`
            UPDATE "ScheduledJob" SET "status" = 'done', "doneAt" = ${at}, "doneBy" = ${worker}
            WHERE "id" = (SELECT "id" FROM "ScheduledJob" WHERE "id" = ${id} AND "status" = 'pending' FOR UPDATE SKIP LOCKED)
            RETURNING "id"`;
          return claimed.length === 1;
        },
      }),
    },
  };
}
