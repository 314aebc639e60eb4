// docs/deployment.md lists every environment variable as the zod schemas describe them; it fails
// here when a setting is added, removed or described differently without `npm run docs:env`.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEPLOYMENT_DOC, environmentTable, withTable } from "../../scripts/environmentDoc.ts";

describe("the deployment guide's table of environment variables", () => {
  it("is the one the configuration schemas generate (run npm run docs:env)", () => {
    const doc = readFileSync(DEPLOYMENT_DOC, "utf8");
    expect(doc).toBe(withTable(doc));
  });

  it("names every setting the bot and the platforms read", () => {
    const table = environmentTable();
    for (const name of ["DATABASE_URL", "PORT", "PUBLIC_URL", "SHUTDOWN_TIMEOUT_SECONDS", "BACKUP_DIR", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "DISCORD_GUILD_ID"]) {
      expect(table).toContain(`| \`${name}\` |`);
    }
    expect(table.match(/\| `PORT` \|/g)).toHaveLength(1);
  });
});
