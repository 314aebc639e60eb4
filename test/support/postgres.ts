// PostgreSQL for a test: a fresh database on the run's cluster (postgresGlobalSetup.ts), migrated or
// empty, and a synchronous reader so that tests read rows the same way on both databases.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import pg from "pg";
import { inject } from "vitest";
import { TEMPLATE } from "./postgresGlobalSetup.ts";

/** The cluster's maintenance URL; throws (failing the test that asked) when the cluster did not start. */
export function clusterUrl(): string {
  const url = inject("postgresUrl");
  if (!url) throw new Error(inject("postgresError") || "no PostgreSQL cluster: run the tests through vitest.config.ts, whose globalSetup starts one");
  return url;
}

export function databaseUrl(name: string, base = clusterUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestPostgres {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new database: a copy of the migrated template, or empty (`migrated: false`). */
export async function freshPostgres(options: { migrated?: boolean } = {}): Promise<TestPostgres> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${options.migrated === false ? "template0" : TEMPLATE}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A blocking query, for test readers that are synchronous on SQLite (better-sqlite3): the query runs
 * on a worker thread with its own connection while this thread waits on a shared flag.
 */
export interface SyncPostgres {
  query<T>(sql: string, params?: unknown[]): T[];
  close(): void;
}

const WORKER = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pg);
// Rows as SQLite's reader shows them: instants as Prisma's SQLite adapter stores them, booleans as
// 0 or 1, counts as numbers.
pg.types.setTypeParser(1114, (t) => new Date(t.replace(" ", "T") + "Z").toISOString().replace("Z", "+00:00"));
pg.types.setTypeParser(16, (t) => (t === "t" ? 1 : 0));
pg.types.setTypeParser(20, Number);
const client = new pg.Client({ connectionString: workerData.url });
const ready = client.connect();
workerData.port.on("message", async ({ sql, params }) => {
  let reply;
  try {
    await ready;
    reply = { rows: (await client.query(sql, params)).rows };
  } catch (error) {
    reply = { error: error.message };
  }
  workerData.port.postMessage(reply);
  Atomics.store(workerData.flag, 0, 1);
  Atomics.notify(workerData.flag, 0);
});
`;

export function syncPostgres(url: string): SyncPostgres {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { eval: true, workerData: { url, flag, port: port2, pg: createRequire(import.meta.url).resolve("pg") }, transferList: [port2] });
  worker.unref();
  return {
    query<T>(sql: string, params: unknown[] = []): T[] {
      Atomics.store(flag, 0, 0);
      port1.postMessage({ sql, params });
      if (Atomics.wait(flag, 0, 0, 20_000) === "timed-out") throw new Error(`the PostgreSQL reader did not answer within 20 s: ${sql}`);
      const reply = receiveMessageOnPort(port1)?.message as { rows?: T[]; error?: string } | undefined;
      if (!reply || reply.error !== undefined) throw new Error(`${reply?.error ?? "no reply"} (in ${sql})`);
      return reply.rows!;
    },
    close: () => {
      port1.close();
      void worker.terminate();
    },
  };
}
