// What PostgreSQL adds to the portable repositories. Prisma's interactive transactions run at READ
// COMMITTED here, so two transactions interleave unless what is read and then written takes a row lock;
// the store's contract (core/store.ts) says which. Errors are mapped to one vocabulary in errors.ts
// (23505, 40001, 40P01), and prismaStore retries a transaction that met one.
import type { StoreLayer } from "../transaction.ts";

export const postgresLayer: StoreLayer = {
  begin: () => undefined,
  repositories: {
    polls: (db, portable) => ({
      ...portable,
      // A cast, a close, an extension or a withdrawal reads the poll and its positions, then writes:
      // the row lock makes the others wait here until this transaction commits, and they then read
      // what it wrote. FOR UPDATE locks without writing a new row version, as the portable UPDATE does.
      lock: async (id) => {
        await db.$queryRaw`SELECT 1 FROM "Poll" WHERE "id" = ${id} FOR UPDATE`;
      },
    }),
    jobs: (db, portable) => ({
      ...portable,
      // A job that another worker has claimed and is running (its transaction is still open) is
      // skipped at once instead of waited for: the portable conditional UPDATE would block on that row
      // until the other transaction ends, only to find the job done. If the other one rolls back, the
      // job is still pending and the next tick claims it.
      claim: async (id, worker, at) => {
        const claimed = await db.$queryRaw<{ id: number }[]>`
          UPDATE "ScheduledJob" SET "status" = 'done', "doneAt" = ${at}, "doneBy" = ${worker}
          WHERE "id" = (SELECT "id" FROM "ScheduledJob" WHERE "id" = ${id} AND "status" = 'pending' FOR UPDATE SKIP LOCKED)
          RETURNING "id"`;
        return claimed.length === 1;
      },
    }),
  },
};
