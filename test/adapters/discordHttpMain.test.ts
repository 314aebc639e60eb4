// The real `src/main.ts` process in Discord's HTTP interactions mode: with DISCORD_PUBLIC_KEY set it
// connects to no gateway, serves /discord/interactions on PORT beside /readyz, answers the PING and a
// signed command, refuses a forged one, and posts the command's announcement over REST.
import { mkdtempSync, rmSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { startFakeDiscord } from "../fakes/discord/index.ts";
import { baseEnvironment, freePort, startMain } from "../support/mainProcess.ts";
import { configFor, answerMatching } from "./discordHttpHarness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("npm start in Discord HTTP interactions mode", () => {
  it("serves the interactions endpoint on PORT with no gateway connection", { timeout: 120_000 }, async () => {
    const fake = await startFakeDiscord({ users: [{ username: "operator" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), "discord-http-main-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = configFor(fake);
    await deployCommands(config);
    const port = await freePort();
    const bot = startMain(
      {
        ...baseEnvironment(),
        DISCORD_TOKEN: config.token,
        DISCORD_APPLICATION_ID: config.applicationId,
        DISCORD_GUILD_ID: config.guildId,
        DISCORD_API_URL: config.apiUrl,
        DISCORD_PUBLIC_KEY: config.publicKey,
        DATABASE_URL: join(dir, "bot.db"),
        BOT_OPERATORS: `discord:${fake.user("operator").id}`,
        PORT: String(port),
        LOG_LEVEL: "info",
      },
      cleanups,
    );
    const started = Date.now();
    while (!bot.stdout().includes("bot started")) {
      if (bot.child.exitCode !== null) throw new Error(`the bot exited: ${bot.stderr()}`);
      if (Date.now() - started > 90_000) throw new Error(`the bot did not start: ${bot.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bot.stdout()).toContain("serving Discord interactions over HTTP");
    const url = `http://127.0.0.1:${port}/discord/interactions`;

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { platforms: Record<string, string> }).platforms).toEqual({ discord: "ready" });
    expect((await fake.http.post(url, fake.http.ping())).json).toEqual({ type: 1 });
    const forged = await fake.http.post(url, fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code: "NASA", name: "NASA" } }), { key: generateKeyPairSync("ed25519").privateKey });
    expect(forged.status).toBe(401);

    const bind = fake.chatInput({ user: "operator", name: "setup", subcommand: "channel", options: { purpose: "announcements" } });
    expect((await fake.http.post(url, bind)).status).toBe(200);
    await answerMatching(fake, bind.id, /now receives the announcements/);
    const agency = fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code: "NASA", name: "NASA" } });
    expect((await fake.http.post(url, agency)).status).toBe(200);
    await answerMatching(fake, agency.id, /recorded as participating/);
    const open = fake.chatInput({ user: "operator", name: "poll", subcommand: "open", options: { title: "Adopt the workplan", closes: "7d" } });
    const opened = await fake.http.post(url, open);
    expect(opened.status).toBe(200);
    expect(opened.elapsedMs).toBeLessThan(3000);
    await answerMatching(fake, open.id, /^Opened poll #1/);
    await fake.waitFor(() => fake.messagesIn(fake.channel("general").id).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith("Poll #1:")), 30_000, "the poll card, posted over REST");
    expect(fake.gateway.sessions).toHaveLength(0);
    expect(fake.requests.some((r) => r.path === "/gateway/bot")).toBe(false);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  });
});
