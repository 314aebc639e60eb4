import { defineConfig } from "vitest/config";

/**
 * Tests that measure the bot against a clock or make processes race: they run after the rest, one
 * file at a time, so that what they measure is the bot and not the other test files sharing the two
 * cores (the Discord storm's 3-second acknowledgement window, the two-process storms).
 */
const RACES = ["test/adapters/*Storm.test.ts", "test/integration/concurrency.test.ts", "test/scheduler/twoProcesses.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end tests open real SQLite files and spawn processes; two cores only.
    maxWorkers: 2,
    // One throw-away PostgreSQL cluster for the whole run (test/support/postgres.ts gives each world a database on it).
    globalSetup: ["test/support/postgresGlobalSetup.ts"],
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: RACES, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "races", include: RACES, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
