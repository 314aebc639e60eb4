// One of two processes migrating the same PostgreSQL database at once (postgresStart.test.ts): waits for
// the agreed instant, migrates, prints the names it applied as JSON.
import pg from "pg";
import { migratePostgres } from "../../src/infra/db/migrate.ts";

const [url, startAt] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const applied = await migratePostgres(client);
await client.end();
process.stdout.write(`${JSON.stringify(applied)}\n`);
