import { defineConfig } from "vitest/config";

/**
 * Tests that measure the bot against a clock or make processes race: they run after the rest, one
 * file at a time, so that what they measure is the bot and not the other test files sharing the two
 * cores (the Discord storm's 3-second acknowledgement window, the two-process storms).
 */
const RACES = ["test/adapters/*Storm.test.ts", "test/integration/concurrency.test.ts", "test/scheduler/twoProcesses.test.ts", "test/integration/postgresRace.test.ts", "test/integration/outboxReplicas.test.ts", "test/integration/replicaStorm.test.ts"];

/**
 * The same files again with every test world on PostgreSQL (TEST_DATABASE=postgres, read by
 * test/support/database.ts): the use cases' integration tests, the scheduler's exactly-once tests and
 * the two-process tests. The files that pick their database themselves are left out, and so are the
 * online backups, which are SQLite's (PostgreSQL is backed up with pg_dump).
 */
const ON_POSTGRES = ["test/integration/*.test.ts", "test/scheduler/*.test.ts"];
const CHOOSE_THEIR_DATABASE = ["test/integration/schemaDrift.test.ts", "test/integration/authorizationMatrix.test.ts", "test/integration/postgresStart.test.ts", "test/integration/postgresRace.test.ts", "test/integration/outboxReplicas.test.ts", "test/integration/backup.test.ts", "test/integration/discordReplicas.test.ts", "test/integration/replicaStorm.test.ts", "test/integration/slackCommandAcknowledgement.test.ts", "test/integration/discordHeldInteractions.test.ts"];
const POSTGRES = { TEST_DATABASE: "postgres" };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end tests open real SQLite files and spawn processes; two cores only.
    maxWorkers: 2,
    // One throw-away PostgreSQL cluster for the whole run (test/support/postgres.ts gives each world a database on it).
    globalSetup: ["test/support/postgresGlobalSetup.ts"],
    // A request a fake platform received that does not fit the platform's published contract fails the test that sent it.
    setupFiles: ["test/support/contracts.ts"],
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: RACES, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: "suite-postgres", include: ON_POSTGRES, exclude: [...RACES, ...CHOOSE_THEIR_DATABASE], env: POSTGRES, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "races", include: RACES, fileParallelism: false, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: "races-postgres",
          include: RACES.filter((r) => ON_POSTGRES.some((o) => r.startsWith(o.replace("*.test.ts", "")))),
          exclude: CHOOSE_THEIR_DATABASE,
          env: POSTGRES,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
