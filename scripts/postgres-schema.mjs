#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: the same models, fields and indexes,
// with PostgreSQL as the provider and its own generated client. Prisma allows one provider per schema
// file, so the two files exist side by side; test/integration/schemaParity.test.ts fails when they
// disagree. Run it after each change to prisma/schema.prisma (`npm run db:schema`), then add a
// migration to each history (docs/architecture.md, "Migrations").
import { readFileSync, writeFileSync } from "node:fs";

const source = new URL("../prisma/schema.prisma", import.meta.url);
const target = new URL("../prisma/postgres/schema.prisma", import.meta.url);

const sqlite = readFileSync(source, "utf8");
const header = /^[\s\S]*?datasource db \{[^}]*\}\n/;
if (!header.test(sqlite)) throw new Error("prisma/schema.prisma has no `datasource db { … }` block where expected");

const postgres = sqlite.replace(
  header,
  `// WRITTEN BY scripts/postgres-schema.mjs FROM prisma/schema.prisma: edit that file, then run \`npm run db:schema\`.
// The PostgreSQL twin of the data model. Its migrations are plain SQL under prisma/postgres/migrations,
// applied at start under an advisory lock by src/infra/db/migrate.ts.

generator client {
  provider     = "prisma-client"
  output       = "../../src/infra/db/generated/postgres"
  moduleFormat = "esm"
  runtime      = "nodejs"
  // Built for size, as SQLite's (prisma/schema.prisma says why).
  compilerBuild = "small"
}

datasource db {
  provider = "postgresql"
}
`,
);
const check = process.argv.includes("--check");
if (check) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== postgres) {
    console.error("prisma/postgres/schema.prisma is stale: run `npm run db:schema`");
    process.exit(1);
  }
} else {
  writeFileSync(target, postgres);
}
