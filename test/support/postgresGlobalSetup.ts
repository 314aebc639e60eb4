// vitest globalSetup: one throw-away PostgreSQL cluster per test run, with a migrated template database
// that each test world copies (CREATE DATABASE … TEMPLATE, tens of milliseconds). When the cluster
// cannot start, the reason is handed to the tests instead: every test that needs PostgreSQL fails
// with it (test/support/postgres.ts), and the SQLite tests still run.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../src/infra/db/migrate.ts";
import { startCluster, type Cluster } from "./postgresCluster.ts";

export const TEMPLATE = "bot_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres://… of the cluster's maintenance database, or "" when it did not start. */
    postgresUrl: string;
    /** Why the cluster did not start, or "". */
    postgresError: string;
  }
}

let cluster: Cluster | null = null;

export default async function setup(project: TestProject): Promise<() => void> {
  try {
    cluster = await startCluster();
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await admin.end();
    const template = new pg.Client({ connectionString: cluster.url(TEMPLATE) });
    await template.connect();
    await migratePostgres(template);
    await template.end();
    project.provide("postgresUrl", cluster.url("postgres"));
    project.provide("postgresError", "");
  } catch (error) {
    cluster?.stop();
    cluster = null;
    project.provide("postgresUrl", "");
    project.provide("postgresError", `the test PostgreSQL cluster did not start: ${(error as Error).message}`);
  }
  return () => cluster?.stop();
}
