// What PostgreSQL adds to the portable repositories. Prisma's interactive transactions run at READ
// COMMITTED here, so two transactions can interleave: whatever is read and then written under
// contention takes a row lock in this layer.
import type { StoreLayer } from "../transaction.ts";

export const postgresLayer: StoreLayer = {
  begin: () => undefined,
  repositories: {},
};
