#!/usr/bin/env node
// Generates both Prisma clients, SQLite's and PostgreSQL's, without any download (see prisma.config.ts).
// `--if-stale` skips a client generated from the schema as it is now (its SHA-256 is stamped beside the
// client), so `npm test` and `npm run typecheck` stay quick, yet never check or run against a client
// left from an older schema: a checkout that pulled a new model regenerates it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const clients = [
  { schema: "prisma/schema.prisma", output: "../src/infra/db/generated/sqlite/client.ts" },
  { schema: "prisma/postgres/schema.prisma", output: "../src/infra/db/generated/postgres/client.ts" },
];

const ifStale = process.argv.includes("--if-stale");
for (const { schema, output } of clients) {
  const stamp = new URL(output.replace(/client\.ts$/, "schema.sha256"), import.meta.url);
  const digest = createHash("sha256").update(readFileSync(new URL(`../${schema}`, import.meta.url))).digest("hex");
  if (ifStale && existsSync(new URL(output, import.meta.url)) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) continue;
  const result = spawnSync("npx", ["--no-install", "prisma", "generate", "--schema", schema], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, digest);
}
