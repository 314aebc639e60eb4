// Opens PostgreSQL: one connection of its own checks the server and applies the migrations under an
// advisory lock, then Prisma runs on @prisma/adapter-pg's pool. Every way the server can be wrong at
// start (unreachable, wrong password, no such database, too old) becomes one line naming the setting.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/postgres/client.ts";
import { EditedMigrationError, migratePostgres, NewerSchemaError } from "../migrate.ts";
import { DatabaseConfigError } from "../openErrors.ts";
import { TransactionPool } from "./transactions.ts";

export type PostgresPrisma = InstanceType<typeof PrismaClient>;

/**
 * PostgreSQL 15 is the oldest server supported: the version the tests run on (Debian's postgresql-15),
 * and the oldest one still maintained upstream at the time of writing (14 ends in November 2026).
 */
export const MINIMUM_SERVER_VERSION = 150000;

const CONNECT_TIMEOUT_MS = 5_000;
const TRANSACTION_WAIT_MS = 60_000;
/** pg's default; each replica holds at most this many of the server's max_connections (100 by default). */
const POOL_SIZE = 10;

export interface OpenedPostgres {
  prisma: PostgresPrisma;
  /** The pool Prisma's adapter runs on; the store's transactions take their connections from it too (transactions.ts). */
  pool: TransactionPool;
  description: string;
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** The setting the URL came from, named in every message: DATABASE_URL or --db. */
  setting: string;
  /** For the tests: pretend the oldest supported server is newer than the one at hand. */
  minimumServerVersion?: number;
}

/** The URL without its password, for messages and logs. */
export function redacted(url: URL): string {
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return shown.toString();
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: { code?: unknown }[] };
  if (typeof e?.code === "string") return e.code;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  const inner = e?.errors?.find((x) => typeof x?.code === "string");
  return inner ? String(inner.code) : undefined;
}

/** One line for a failure to connect, naming the setting and what to check. */
export function connectionFailure(error: unknown, url: URL, setting: string): DatabaseConfigError {
  const server = `${url.hostname || "localhost"}:${url.port || "5432"}`;
  const user = decodeURIComponent(url.username) || "the default user";
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || user;
  const code = codeOf(error);
  const message = (error as Error)?.message ?? String(error);
  switch (code) {
    case "ECONNREFUSED":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
      return new DatabaseConfigError(`${setting}: cannot reach the PostgreSQL server at ${server} (${code}); check the host and port in ${setting} and that the server is running.`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new DatabaseConfigError(`${setting}: the host ${url.hostname} of the PostgreSQL server is not known (${code}); check the host name in ${setting}.`);
    case "28P01":
      return new DatabaseConfigError(`${setting}: PostgreSQL refused the password of user "${user}"; put the right password in ${setting}.`);
    case "28000":
      return new DatabaseConfigError(`${setting}: PostgreSQL does not let user "${user}" connect (${message}); check the user in ${setting} and the server's pg_hba.conf.`);
    case "3D000":
      return new DatabaseConfigError(`${setting}: the PostgreSQL server at ${server} has no database "${database}"; create it (createdb ${database}) or name an existing one in ${setting}.`);
  }
  if (/timeout/i.test(message)) {
    return new DatabaseConfigError(`${setting}: the PostgreSQL server at ${server} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s; check the host and port in ${setting} and that the server is running.`);
  }
  return new DatabaseConfigError(`${setting}: cannot connect to PostgreSQL at ${server}: ${message.split("\n")[0]}`);
}

/** The server's version as "15.14" from server_version_num 150014 (or 90624 → "9.6.24"). */
const versionName = (num: number) => (num >= 100000 ? `${Math.floor(num / 10000)}.${num % 10000}` : `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}.${num % 100}`);

export async function openPostgres(rawUrl: string, options: PostgresOptions): Promise<OpenedPostgres> {
  const { setting } = options;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new DatabaseConfigError(`${setting}: "${rawUrl.replace(/:[^:@/]*@/, ":***@")}" is not a URL; write it as postgres://user:password@host:5432/database.`);
  }
  const setup = new pg.Client({ connectionString: rawUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A server that goes away while we wait would otherwise be an unhandled 'error' event.
  setup.on("error", () => {});
  try {
    await setup.connect();
  } catch (error) {
    await setup.end().catch(() => {});
    throw connectionFailure(error, url, setting);
  }
  try {
    const { rows } = await setup.query<{ server_version_num: string }>("SHOW server_version_num");
    const version = Number(rows[0]?.server_version_num);
    const minimum = options.minimumServerVersion ?? MINIMUM_SERVER_VERSION;
    if (!(version >= minimum)) {
      throw new DatabaseConfigError(
        `${setting}: the PostgreSQL server at ${url.hostname}:${url.port || "5432"} runs version ${versionName(version)}; this bot needs PostgreSQL ${versionName(minimum)} or newer.`,
      );
    }
    await migratePostgres(setup);
  } catch (error) {
    if (error instanceof EditedMigrationError || error instanceof NewerSchemaError) throw new DatabaseConfigError(`${setting}: ${error.message}.`);
    throw error;
  } finally {
    await setup.end().catch(() => {});
  }

  // In a storm of votes, transactions queue for the pool's connections; like SQLite's single connection
  // (prismaStore's maxWait), that wait must not fail. The server itself was checked just above.
  const pool = new TransactionPool({ connectionString: rawUrl, max: POOL_SIZE, connectionTimeoutMillis: TRANSACTION_WAIT_MS });
  // An idle connection that the server drops must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    description: `PostgreSQL ${redacted(url)}`,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
