// Prisma's CLI wants a native schema engine that it would download from a host these machines
// cannot reach. `prisma generate` never runs that engine, so any existing file satisfies the check.
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
