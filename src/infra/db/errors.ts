// One vocabulary for the database errors that a transaction can meet because another one ran at the
// same time, whichever database and driver raised them, and the bounded retry of such a transaction.
//
// They arrive in several shapes: Prisma's PrismaClientKnownRequestError (code P2002, P2034, …) with
// the driver adapter's error in `meta.driverAdapterError` (its `cause` has the adapter's `kind` and the
// driver's `originalCode`), the driver's own error from statements run beside Prisma (better-sqlite3's
// SqliteError `code`, pg's DatabaseError `code`, a SQLSTATE), or any of these as a `cause`.

export type DatabaseConflict =
  /** A unique key refused a row: another transaction inserted it first (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
  | "unique_violation"
  /** PostgreSQL could not serialise this transaction with another (40001). */
  | "serialization_failure"
  /** PostgreSQL broke a deadlock by failing this transaction (40P01). */
  | "deadlock"
  /** SQLite's write lock stayed taken past busy_timeout (SQLITE_BUSY, SQLITE_LOCKED). */
  | "busy";

const BY_DRIVER_CODE: Record<string, DatabaseConflict> = {
  "23505": "unique_violation",
  "40001": "serialization_failure",
  "40P01": "deadlock",
  SQLITE_CONSTRAINT_UNIQUE: "unique_violation",
  SQLITE_CONSTRAINT_PRIMARYKEY: "unique_violation",
};

/** Prisma's codes and the adapters' kinds, where no driver code says more. */
const BY_PRISMA_CODE: Record<string, DatabaseConflict> = {
  P2002: "unique_violation",
  P2034: "serialization_failure",
  UniqueConstraintViolation: "unique_violation",
  TransactionWriteConflict: "serialization_failure",
};

/** The error and everything it carries: causes, and Prisma's driver adapter error. */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 6 || typeof error !== "object" || error === null) return;
  const e = error as Record<string, unknown>;
  yield e;
  const meta = e["meta"] as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object") yield* chain(meta["driverAdapterError"], depth + 1);
  yield* chain(e["cause"], depth + 1);
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** What kind of conflict `error` reports, or null for any other error. */
export function conflictOf(error: unknown): DatabaseConflict | null {
  const parts = [...chain(error)];
  for (const p of parts) {
    for (const code of [str(p["originalCode"]), str(p["code"])]) {
      if (!code) continue;
      const known = BY_DRIVER_CODE[code];
      if (known) return known;
      if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
    }
  }
  for (const p of parts) {
    for (const code of [str(p["kind"]), str(p["code"])]) {
      const known = code ? BY_PRISMA_CODE[code] : undefined;
      if (known) return known;
    }
  }
  return null;
}

/** Every conflict is worth one more try: the transaction rolled back whole, and the other one has moved on. */
export const isRetryable = (error: unknown): boolean => conflictOf(error) !== null;

/** Attempts in all, the first included. Past them the last error is thrown as it came. */
export const MAX_ATTEMPTS = 5;

export interface RetryOptions {
  attempts?: number;
  /** Told before each new attempt; for the logs and the tests. */
  onRetry?: (conflict: DatabaseConflict, attempt: number) => void;
}

/**
 * Runs `attempt` again while it fails with a conflict, at most `attempts` times in all, after a short
 * random pause that grows (up to 1, 2, 4, 8 ms…) so that two colliding transactions do not collide again.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? MAX_ATTEMPTS;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const conflict = conflictOf(error);
      if (!conflict || n >= attempts) throw error;
      options.onRetry?.(conflict, n + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** (n - 1)));
    }
  }
}
