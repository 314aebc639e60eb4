// Development only: writes prisma/postgres/migrations/<timestamp>_<name>/migration.sql, the SQL that takes
// a PostgreSQL database from the committed prisma/postgres/schema.prisma (git show HEAD:…) to the working
// copy. Prisma 7's CLI cannot run its schema engine here; Prisma 6.19.3's WebAssembly engine can, with a
// driver adapter (see /work/shared/ARCHITECTURE.md), and it wants a reachable server, so this starts a
// throw-away cluster. Usage: npm run db:migration:postgres -- <name> [--from <git revision>]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { startCluster } from "../test/support/postgresCluster.ts";

const PRISMA_6 = "6.19.3";
const root = join(import.meta.dirname, "..");
const args = process.argv.slice(2);
const name = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--from");
const from = args.includes("--from") ? args[args.indexOf("--from") + 1]! : "HEAD";
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration:postgres -- <name in snake_case> [--from <git revision>]");
  process.exit(2);
}

execFileSync("node", [join(root, "scripts/postgres-schema.mjs")], { stdio: "inherit" });
const tool = join(homedir(), ".cache/consensus-bot", `prisma-${PRISMA_6}`);
if (!existsSync(join(tool, "node_modules/prisma"))) {
  mkdirSync(tool, { recursive: true });
  writeFileSync(join(tool, "package.json"), "{}");
  execFileSync("npm", ["install", "--no-audit", "--no-fund", `prisma@${PRISMA_6}`, `@prisma/adapter-pg@${PRISMA_6}`], { cwd: tool, stdio: "inherit" });
}

// Prisma 6 wants a url in the datasource; the provider line is where both schemas put it.
const withUrl = (schema: string) => schema.replace('provider = "postgresql"', 'provider = "postgresql"\n  url      = env("DATABASE_URL")');
const committed = spawnSync("git", ["show", `${from}:prisma/postgres/schema.prisma`], { cwd: root, encoding: "utf8" });
writeFileSync(join(tool, "to.prisma"), withUrl(readFileSync(join(root, "prisma/postgres/schema.prisma"), "utf8")));
const fromArgs = committed.status === 0 ? ["--from-schema-datamodel", "from.prisma"] : ["--from-empty"];
if (committed.status === 0) writeFileSync(join(tool, "from.prisma"), withUrl(committed.stdout));

const cluster = await startCluster();
try {
  writeFileSync(
    join(tool, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= __filename;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "to.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
`,
  );
  const diff = spawnSync("npx", ["--no-install", "prisma", "migrate", "diff", ...fromArgs, "--to-schema-datamodel", "to.prisma", "--script"], {
    cwd: tool,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: cluster.url("postgres"), CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (diff.status !== 0) throw new Error(`prisma migrate diff failed:\n${diff.stderr}`);
  const sql = diff.stdout.trim();
  if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
    console.error(`prisma/postgres/schema.prisma does not differ from ${from}'s: no migration written`);
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const existing = readdirSync(join(root, "prisma/postgres/migrations")).filter((d) => /^\d{14}_/.test(d)).sort();
  if (existing.length && existing.at(-1)!.slice(0, 14) >= stamp) throw new Error(`a migration (${existing.at(-1)}) is already dated ${stamp} or later`);
  const dir = join(root, "prisma/postgres/migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), `${sql}\n`);
  console.log(`wrote ${dir}/migration.sql; add the SQLite migration under prisma/migrations/${stamp}_${name}/ too`);
} finally {
  cluster.stop();
}
