#!/usr/bin/env node
// Generates both Prisma clients, SQLite's and PostgreSQL's, without any download (see prisma.config.ts).
// `--if-missing` skips a client that is already there, so `npm test` stays quick.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const clients = [
  { schema: "prisma/schema.prisma", output: "../src/infra/db/generated/sqlite/client.ts" },
  { schema: "prisma/postgres/schema.prisma", output: "../src/infra/db/generated/postgres/client.ts" },
];

for (const { schema, output } of clients) {
  if (process.argv.includes("--if-missing") && existsSync(new URL(output, import.meta.url))) continue;
  const result = spawnSync("npx", ["--no-install", "prisma", "generate", "--schema", schema], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
