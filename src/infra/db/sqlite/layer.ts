// What SQLite adds to the portable repositories: the write lock at the start of each transaction and,
// for speed, the vote path's statements prepared on Prisma's own connection. Nothing else.
//
// The lock: the first statement of each transaction writes (`UPDATE … WHERE 1 = 0` changes nothing but
// takes SQLite's write lock), so a transaction holds the database's one write lock from its start. Two
// processes on one file then queue behind `busy_timeout` instead of failing on a stale snapshot, and
// whatever a transaction reads stays true until it commits; so `polls.lock` has nothing left to do.
//
// The fast path: each query through Prisma, even `$queryRaw`, costs about 0.1 ms and 40 KB of garbage,
// and that garbage, not SQLite, made the vote's p99 (docs/architecture.md, Transactions and the vote
// path). These statements run the vote's reads and writes as prepared better-sqlite3 statements in
// Prisma's transaction (statements.ts). Their SQL is the common subset of SQLite and PostgreSQL
// (quoted identifiers, ON CONFLICT, RETURNING), and they read and write exactly what the portable
// methods they replace do (the contract suite runs both).
import type { Db, Row } from "../db.ts";
import { toAgency } from "../repositories/agencyRepository.ts";
import { toPerson } from "../repositories/personRepository.ts";
import { toPoll, toPosition } from "../repositories/pollRepository.ts";
import type { Audience } from "../../../core/outbox/message.ts";
import type { StoreLayer } from "../transaction.ts";
import type { SqliteStatements } from "./statements.ts";

/** SQLite on the portable repositories only: the write lock through Prisma, every query through Prisma. */
export const sqlitePortable: StoreLayer = {
  begin: (db: Db) => db.$executeRawUnsafe(`UPDATE "Group" SET "id" = "id" WHERE 1 = 0`),
  repositories: {},
};

/** SQLite with the vote path's statements prepared on `sql`, the connection of Prisma's transactions. */
export function sqliteFastPath(sql: SqliteStatements): StoreLayer {
  return {
    begin: () => sql.run`UPDATE "Group" SET "id" = "id" WHERE 1 = 0`,
    repositories: {
      agencies: (_db, portable) => ({
        ...portable,
        byId: async (id) => {
          const [r] = sql.all<Row<"agency">>`SELECT * FROM "Agency" WHERE "id" = ${id}`;
          return r ? toAgency(r) : null;
        },
      }),
      // Every use case starts here, the vote path included.
      people: (_db, portable) => ({
        ...portable,
        byIdentity: async (groupId, identity) => {
          const [person] = sql.all<Row<"person">>`
            SELECT p."id", p."groupId", p."handle", p."agencyId", p."isHead", p."createdAt" FROM "Identity" i JOIN "Person" p ON p."id" = i."personId"
            WHERE i."groupId" = ${groupId} AND i."platform" = ${identity.platform} AND i."externalId" = ${identity.externalId}`;
          if (!person) return null;
          const roles = sql.all<{ role: string }>`SELECT "role" FROM "RoleGrant" WHERE "personId" = ${person.id} ORDER BY "role"`;
          return toPerson({ ...person, roles });
        },
      }),
      polls: (_db, portable) => ({
        ...portable,
        // The transaction took SQLite's one write lock with its first statement (begin, above).
        lock: async () => undefined,
        byId: async (id) => {
          const [r] = sql.all<Row<"poll">>`SELECT * FROM "Poll" WHERE "id" = ${id}`;
          return r ? toPoll(r) : null;
        },
        electors: async (pollId) =>
          sql.all<{ agencyId: number; removedAt: Date | null }>`SELECT "agencyId", "removedAt" FROM "PollElector" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`,
        positions: async (pollId) => sql.all<Row<"position">>`SELECT * FROM "Position" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`.map(toPosition),
        castPosition: async (p, platform) => {
          // The (poll, agency) primary key makes this an atomic insert-or-replace: one current position per agency.
          sql.run`
            INSERT INTO "Position" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "requestedAt", "version")
            VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, ${p.requestedAt}, 1)
            ON CONFLICT ("pollId", "agencyId") DO UPDATE SET "stance" = excluded."stance", "reason" = excluded."reason", "endorsed" = excluded."endorsed",
              "castById" = excluded."castById", "castAt" = excluded."castAt", "requestedAt" = excluded."requestedAt", "version" = "Position"."version" + 1`;
          const [change] = sql.all<{ id: number }>`
            INSERT INTO "PositionChange" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "platform")
            VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, ${platform}) RETURNING "id"`;
          return Number(change!.id);
        },
      }),
      audit: (_db, portable) => ({
        ...portable,
        append: async (e) => {
          sql.run`INSERT INTO "AuditEntry" ("groupId", "at", "actorId", "action", "subject", "details")
            VALUES (${e.groupId}, ${e.at}, ${e.actorId}, ${e.action}, ${e.subject}, ${JSON.stringify(e.details ?? {})})`;
        },
      }),
      outbox: (_db, portable) => ({
        ...portable,
        enqueue: async (m, at) => {
          // A second enqueue of the same logical message is a no-op: retried work cannot send twice.
          sql.run`INSERT INTO "OutboxMessage" ("groupId", "idempotencyKey", "action", "target", "audience", "text", "data", "status", "attempts", "nextAttemptAt", "createdAt")
            VALUES (${m.groupId}, ${m.idempotencyKey}, ${m.action ?? "post"}, ${m.target ?? null}, ${JSON.stringify(m.audience satisfies Audience)}, ${m.text}, ${JSON.stringify(m.data ?? {})}, 'pending', 0, ${at}, ${at})
            ON CONFLICT ("idempotencyKey") DO NOTHING`;
        },
      }),
    },
  };
}
