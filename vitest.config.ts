import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end tests open real SQLite files and spawn processes; two cores only.
    maxWorkers: 2,
  },
});
