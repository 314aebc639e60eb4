// The Slack app manifest is generated from the catalogue and must stay within Slack's limits.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { catalogue } from "../../commands/index.ts";
import { BOT_SCOPES, SLACK_BUILT_IN_COMMANDS, SLACK_LIMITS, slackManifest, usageHint } from "../../src/adapters/slack/manifest.ts";
import { readSlackConfig } from "../../src/adapters/slack/config.ts";
import { startFakeSlack } from "../fakes/slack/index.ts";

const run = promisify(execFile);

describe("the Slack app manifest", () => {
  it("passes the fake Slack's apps.manifest.validate (Slack's published manifest schema) in Socket Mode, HTTP mode, with a prefix and a long name", async () => {
    const fake = await startFakeSlack({ botToken: "xoxb-manifest", signingSecret: "manifest-secret", teamId: "T0MANIFEST" });
    try {
      const client = new WebClient(fake.configToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
      const variants = [
        slackManifest(),
        slackManifest({ requestUrl: "https://bot.example.org/slack/events" }),
        slackManifest({ commandPrefix: "cb-", appName: "The coordination group's consensus bot, long name" }),
        slackManifest({ requestUrl: "https://bot.example.org/slack/events", redirectUrl: "https://bot.example.org/slack/oauth_redirect" }),
      ];
      for (const manifest of variants) expect(await client.apps.manifest.validate({ manifest })).toMatchObject({ ok: true });
      expect(fake.callsTo("apps.manifest.validate")).toHaveLength(variants.length);
    } finally {
      await fake.close();
    }
  });

  it("has one slash command per catalogue command, within Slack's limits", () => {
    const manifest = slackManifest();
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command)).toEqual(catalogue.map((c) => `/${c.name}`));
    expect(commands.length).toBeLessThanOrEqual(SLACK_LIMITS.slashCommands);
    for (const command of commands) {
      expect(command.command).toMatch(/^\/[a-z0-9_-]+$/);
      expect(command.command.length).toBeLessThanOrEqual(SLACK_LIMITS.commandName);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(SLACK_LIMITS.commandDescription);
      expect(command.usage_hint!.length).toBeGreaterThan(0);
      expect(command.usage_hint!.length).toBeLessThanOrEqual(SLACK_LIMITS.usageHint);
      expect(command.should_escape).toBe(true);
      expect(SLACK_BUILT_IN_COMMANDS.has(command.command.slice(1)), `${command.command} is one of Slack's built-in commands`).toBe(false);
    }
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(SLACK_LIMITS.appName);
    expect(manifest.display_information.description!.length).toBeLessThanOrEqual(SLACK_LIMITS.appDescription);
    expect(manifest.features?.bot_user?.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it("asks for the fewest scopes, and turns on interactivity for the buttons and the modal", () => {
    const manifest = slackManifest();
    expect(manifest.oauth_config?.scopes?.bot).toEqual(["commands", "chat:write", "im:write", "channels:history", "groups:history", "im:history"]);
    expect(BOT_SCOPES).toHaveLength(6);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it("is for Socket Mode without a request URL, and for HTTP mode with one", () => {
    const socket = slackManifest();
    expect(socket.settings?.socket_mode_enabled).toBe(true);
    expect(socket.features?.slash_commands?.every((c) => c.url === undefined)).toBe(true);
    expect(socket.settings?.interactivity?.request_url).toBeUndefined();

    const url = "https://bot.example.org/slack/events";
    const http = slackManifest({ requestUrl: url });
    expect(http.settings?.socket_mode_enabled).toBe(false);
    expect(http.features?.slash_commands?.map((c) => c.url)).toEqual(catalogue.map(() => url));
    expect(http.settings?.interactivity?.request_url).toBe(url);
  });

  it("lists the OAuth Redirect URL of a distributed app, and subscribes to uninstalls, printed from PUBLIC_URL", { timeout: 90_000 }, async () => {
    expect(slackManifest().oauth_config?.redirect_urls).toBeUndefined();
    const distributed = slackManifest({ requestUrl: "https://bot.example.org/slack/events", redirectUrl: "https://bot.example.org/slack/oauth_redirect" });
    expect(distributed.oauth_config?.redirect_urls).toEqual(["https://bot.example.org/slack/oauth_redirect"]);
    expect(distributed.settings?.event_subscriptions?.bot_events).toEqual(expect.arrayContaining(["app_uninstalled", "tokens_revoked"]));
    expect(distributed.settings?.org_deploy_enabled).toBe(false);
    const { stdout } = await run("npm", ["run", "--silent", "slack:manifest", "--", "--url", "https://bot.example.org/slack/events"], { cwd: process.cwd(), env: { ...process.env, PUBLIC_URL: "https://bot.example.org/" } });
    expect(JSON.parse(stdout).oauth_config.redirect_urls).toEqual(["https://bot.example.org/slack/oauth_redirect"]);
  });

  it("prefixes every command with SLACK_COMMAND_PREFIX, which must leave room within 32 characters", () => {
    expect(slackManifest({ commandPrefix: "cb-" }).features?.slash_commands?.map((c) => c.command)).toEqual(catalogue.map((c) => `/cb-${c.name}`));
    const longest = Math.max(...catalogue.map((c) => c.name.length));
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "0123456789abcdef" };
    expect(readSlackConfig({ ...base, SLACK_COMMAND_PREFIX: "x".repeat(31 - longest) }).ok).toBe(true);
    const tooLong = readSlackConfig({ ...base, SLACK_COMMAND_PREFIX: "x".repeat(32 - longest) });
    expect(tooLong.ok ? [] : tooLong.errors).toEqual([expect.stringMatching(/^SLACK_COMMAND_PREFIX is too long/)]);
    expect(readSlackConfig({ ...base, SLACK_COMMAND_PREFIX: "CB" }).ok).toBe(false);
  });

  it("shows each subcommand with its required options as the usage hint", () => {
    const poll = catalogue.find((c) => c.name === "poll")!;
    expect(usageHint(poll)).toMatch(/^open title:… closes:… \| list \| show id:… \| position id:… stance:… \| /);
    expect(usageHint(poll).endsWith("| help")).toBe(true);
  });

  // npm and tsx start slowly on a busy machine.
  it("is printed by npm run slack:manifest", { timeout: 90_000 }, async () => {
    const { stdout } = await run("npm", ["run", "--silent", "slack:manifest", "--", "--url", "https://bot.example.org/slack/events"], { cwd: process.cwd(), env: { ...process.env, PUBLIC_URL: "" } });
    expect(JSON.parse(stdout)).toEqual(slackManifest({ requestUrl: "https://bot.example.org/slack/events", commandPrefix: process.env["SLACK_COMMAND_PREFIX"] }));
  });
});
