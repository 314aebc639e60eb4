#!/usr/bin/env node
// Generates the Prisma client without any download (see prisma.config.ts).
// `--if-missing` skips the work when the client is already there, so `npm test` stays quick.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const output = new URL("../src/infra/db/generated/sqlite/client.ts", import.meta.url);
if (process.argv.includes("--if-missing") && existsSync(output)) process.exit(0);

const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
