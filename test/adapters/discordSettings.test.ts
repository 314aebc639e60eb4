// The Discord application's settings are generated like the Slack manifest (`npm run discord:settings`).
// What they hold is sent to the fake Discord as the two requests that carry them, and the fake checks
// both bodies against Discord's published OpenAPI schema (a misfit fails this test through
// test/support/contracts.ts); then the printed JSON is read back from the real command.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REST, Routes, type APIApplication } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_PERMISSIONS, discordSettings } from "../../src/adapters/discord/settings.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { startHttpBot } from "./discordHttpHarness.ts";

const run = promisify(execFile);
const tsx = (args: string[]) => run(process.execPath, ["--import", "tsx", "src/adapters/discord/printSettings.ts", ...args], { cwd: process.cwd() });

describe("the Discord application's settings", { timeout: 60_000 }, () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
  });
  afterAll(async () => fake?.close());

  it("are what Discord accepts: the application's endpoint and install settings, and the commands", async () => {
    const settings = discordSettings({ publicUrl: "https://bot.example.org/" });
    expect(settings.application.interactions_endpoint_url).toBe("https://bot.example.org/discord/interactions");
    expect(settings.application.install_params).toEqual({ scopes: ["bot", "applications.commands"], permissions: String(1024 + 2048 + 16384 + 32768 + 65536) });
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
    // Discord saves an Interactions Endpoint URL only once a bot there answers its PING and refuses a bad signature.
    const unreachable = await rest.patch(Routes.currentApplication(), { body: settings.application }).then(() => null, (error: unknown) => error);
    expect(unreachable).toMatchObject({ status: 400, code: 50035 });
    const dir = mkdtempSync(join(tmpdir(), "discord-settings-"));
    const bot = await startHttpBot(fake, join(dir, "bot.db"));
    try {
      const live = discordSettings({ publicUrl: `http://127.0.0.1:${bot.server.port}` });
      await rest.patch(Routes.currentApplication(), { body: live.application });
      expect(((await rest.get(Routes.currentApplication())) as APIApplication).interactions_endpoint_url).toBe(live.application.interactions_endpoint_url);
    } finally {
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const registered = (await rest.put(Routes.applicationCommands(fake.applicationId), { body: settings.commands })) as unknown[];
    expect(registered).toHaveLength(settings.commands.length);
    // Gateway mode: no endpoint, the rest the same.
    expect(discordSettings().application).toEqual({ install_params: { scopes: ["bot", "applications.commands"], permissions: BOT_PERMISSIONS.toString() } });
  });

  it("are printed by npm run discord:settings, and a bad --url is refused with what to give", async () => {
    const printed = await tsx(["--url", "https://bot.example.org"]);
    expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(JSON.stringify(discordSettings({ publicUrl: "https://bot.example.org" }))));
    const refused = await tsx(["--url", "http://bot.example.org"]).then(
      () => null,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toBe("--url must be the bot's public https address (PUBLIC_URL), such as https://bot.example.org\n");
    expect(refused?.stdout).toBe("");
  });
});
