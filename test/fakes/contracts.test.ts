// The fakes' contract checks can fail: a body that breaks Discord's published OpenAPI schema, or a
// payload that breaks Block Kit's documented limits, is refused with the platform's own error and
// recorded, and a good one passes. Requests go through the real client libraries (@discordjs/rest,
// @slack/web-api) to the fakes on loopback.
import { afterEach, describe, expect, it } from "vitest";
import { DiscordAPIError, REST, Routes } from "discord.js";
import { WebClient } from "@slack/web-api";
import { cardBlocks, questionModal } from "../../src/adapters/slack/blocks.ts";
import type { Card } from "../../src/core/cards/card.ts";
import { ContractViolationError, takeOpenViolations } from "./contractLedger.ts";
import { checkRequestBody } from "./discord/contract.ts";
import { startFakeDiscord, type FakeDiscord } from "./discord/index.ts";
import { checkPayload } from "./slack/blockKit.ts";
import { startFakeSlack, type FakeSlack } from "./slack/index.ts";

const BOT_TOKEN = "xoxb-contract-test";
const open: Array<FakeDiscord | FakeSlack> = [];

afterEach(async () => {
  for (const fake of open.splice(0)) await fake.close();
});

async function discord(): Promise<{ fake: FakeDiscord; rest: REST; channelId: string }> {
  const fake = await startFakeDiscord();
  open.push(fake);
  return { fake, rest: new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token), channelId: fake.channel("general").id };
}

async function slack(): Promise<{ fake: FakeSlack; client: WebClient }> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: "contract-secret", teamId: "T0CONTRACT", channels: [{ id: "C0GENERAL", name: "general" }], users: [{ id: "U0ALICE" }] });
  open.push(fake);
  return { fake, client: new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }) };
}

const button = (label: string) => ({ type: 2, style: 1, custom_id: "poll_concur", label });

describe("the fake Discord holds request bodies to Discord's published OpenAPI schema", () => {
  it("creates a message that fits, and refuses one whose button label is longer than 80 with Discord's 50035 error, recording it", async () => {
    const { fake, rest, channelId } = await discord();
    await rest.post(Routes.channelMessages(channelId), { body: { content: "fits", components: [{ type: 1, components: [button("Concur")] }] } });
    expect(fake.messagesIn(channelId)).toHaveLength(1);
    expect(fake.contractViolations).toEqual([]);

    const refused = await rest.post(Routes.channelMessages(channelId), { body: { content: "too long", components: [{ type: 1, components: [button("x".repeat(81))] }] } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 400, code: 50035, rawError: { errors: { components: { 0: { components: { 0: { label: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } } } } } });
    expect(fake.messagesIn(channelId)).toHaveLength(1);
    expect(fake.takeContractViolations()).toEqual([
      expect.objectContaining({ platform: "discord", request: expect.stringMatching(/^POST \/channels\/:channelId\/messages \(discord-api-spec 10\.0\.\d+\)$/), problems: ["components.0.components.0.label: Too big: expected string to have <=80 characters"] }),
    ]);
  });

  it("refuses a key the schema does not know, a wrong type, and an edit that breaks the schema", async () => {
    const { fake, rest, channelId } = await discord();
    const posted = (await rest.post(Routes.channelMessages(channelId), { body: { content: "card" } })) as { id: string };
    await expect(rest.post(Routes.channelMessages(channelId), { body: { content: "x", embed: { title: "singular" } } })).rejects.toMatchObject({ code: 50035 });
    await expect(rest.patch(Routes.channelMessage(channelId, posted.id), { body: { flags: "4" } })).rejects.toMatchObject({ code: 50035 });
    await rest.patch(Routes.channelMessage(channelId, posted.id), { body: { content: "edited" } });
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([
      ["embed: Not a field of this object in the schema"],
      ["flags: Invalid input: expected number, received string"],
    ]);
    expect(fake.messagesIn(channelId)[0]?.content).toBe("edited");
  });

  it("accepts command registration with default_member_permissions as discord.js sends it (digits), and refuses what the spec does not allow", async () => {
    const { fake, rest } = await discord();
    const command = { name: "poll", description: "Consensus polls", default_member_permissions: "8", options: [{ type: 1, name: "list", description: "Open polls" }] };
    await rest.put(Routes.applicationCommands(fake.applicationId), { body: [command] });
    expect(fake.commands.map((c) => c.definition.name)).toEqual(["poll"]);

    await expect(rest.put(Routes.applicationCommands(fake.applicationId), { body: [{ ...command, default_member_permissions: "administrator" }] })).rejects.toMatchObject({ code: 50035 });
    await expect(rest.post(Routes.applicationCommands(fake.applicationId), { body: { ...command, default_member_permissions: String(2n ** 60n) } })).rejects.toMatchObject({ code: 50035 });
    await expect(rest.post(Routes.applicationCommands(fake.applicationId), { body: { ...command, name: "p".repeat(33) } })).rejects.toMatchObject({ code: 50035 });
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([
      ["0.default_member_permissions: Invalid input: expected number, received string"],
      ["default_member_permissions: Too big: expected number to be <=18014398509481984"],
      ["name: Too big: expected string to have <=32 characters"],
    ]);
  });

  it("checks interaction callbacks by type: a reply over 2000 characters, a modal without components and an unknown type are refused", () => {
    const callback = "/interactions/:interactionId/:token/callback";
    expect(checkRequestBody("POST", callback, { type: 4, data: { content: "ok", flags: 64 } })).toEqual([]);
    expect(checkRequestBody("POST", callback, { type: 4, data: { content: "x".repeat(2001) } }).map((p) => p.path.join("."))).toEqual(["data.content"]);
    expect(checkRequestBody("POST", callback, { type: 9, data: { custom_id: "reason", title: "Why?" } }).map((p) => p.path.join("."))).toEqual(["data.components"]);
    expect(checkRequestBody("POST", callback, { type: 99 })).toEqual([expect.objectContaining({ code: "BASE_TYPE_CHOICES" })]);
    // Discord's embed total (6,000 characters across title, description, fields, footer), beside the schema.
    const embed = (description: string) => ({ title: "t".repeat(256), description, fields: Array.from({ length: 2 }, () => ({ name: "n", value: "v".repeat(1000) })) });
    expect(checkRequestBody("POST", "/channels/:channelId/messages", { embeds: [embed("d".repeat(4096 - 354))] })).toEqual([]);
    expect(checkRequestBody("POST", "/channels/:channelId/messages", { embeds: [embed("d".repeat(4096 - 353))] })).toEqual([expect.objectContaining({ path: ["embeds"], message: "Embed size exceeds maximum size of 6000 (6001 characters)" })]);
    expect(checkRequestBody("POST", callback, { type: 7, data: { embeds: [embed("d".repeat(4096 - 353))] } })).toEqual([expect.objectContaining({ path: ["data", "embeds"] })]);
    // A route that takes a body with no schema listed is itself a problem, so a new route cannot go unchecked.
    expect(checkRequestBody("POST", "/guilds/:guildId/roles", { name: "x" })).toEqual([expect.objectContaining({ code: "FAKE_NO_CONTRACT" })]);
  });

  it("makes close() throw for a violation no test was failed for, and the per-test check sees every open fake", async () => {
    const { fake, rest, channelId } = await discord();
    await rest.post(Routes.channelMessages(channelId), { body: { content: "y".repeat(4001) } }).catch(() => undefined);
    expect(takeOpenViolations()).toHaveLength(1);
    await rest.post(Routes.channelMessages(channelId), { body: { content: "y".repeat(4001) } }).catch(() => undefined);
    open.splice(open.indexOf(fake), 1);
    await expect(fake.close()).rejects.toThrow(ContractViolationError);
  });
});

describe("the fake Slack holds Block Kit to its documented limits", () => {
  it("posts a card that fits, and refuses a button text over 75 characters with invalid_blocks and the json-pointer, recording it", async () => {
    const { fake, client } = await slack();
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Poll #1*" } }, { type: "actions", elements: [{ type: "button", action_id: "poll_concur", text: { type: "plain_text", text: "Concur" }, value: "1" }] }];
    await client.chat.postMessage({ channel: "C0GENERAL", text: "Poll #1", blocks });
    expect(fake.messagesIn("C0GENERAL")).toHaveLength(1);

    const long = structuredClone(blocks);
    (long[1] as { elements: { text: { text: string } }[] }).elements[0]!.text.text = "c".repeat(76);
    await expect(client.chat.postMessage({ channel: "C0GENERAL", text: "Poll #1", blocks: long })).rejects.toMatchObject({
      data: { ok: false, error: "invalid_blocks", response_metadata: { messages: ["[ERROR] Too big: expected string to have <=75 characters [json-pointer:/blocks/1/elements/0/text/text]"] } },
    });
    expect(fake.messagesIn("C0GENERAL")).toHaveLength(1);
    expect(fake.takeContractViolations()).toEqual([expect.objectContaining({ platform: "slack", request: "chat.postMessage", problems: ["/blocks/1/elements/0/text/text: Too big: expected string to have <=75 characters"] })]);
  });

  it("refuses 51 blocks in a message, a duplicate block_id, a key Block Kit does not have, and names a block type the fake does not check", async () => {
    const { fake, client } = await slack();
    const section = (text: string, block_id?: string) => ({ type: "section", ...(block_id ? { block_id } : {}), text: { type: "mrkdwn", text } });
    const refuse = (blocks: unknown[], update = false) =>
      expect(update ? client.chat.update({ channel: "C0GENERAL", ts: "1.2", blocks: blocks as never }) : client.chat.postMessage({ channel: "C0GENERAL", text: "t", blocks: blocks as never })).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    await refuse(Array.from({ length: 51 }, (_, i) => section(`s${i}`)));
    await refuse([section("a", "poll_title"), section("b", "poll_title")]);
    await refuse([{ ...section("a"), txt: "typo" }], true);
    await refuse([{ type: "table", rows: [] }]);
    await client.chat.postMessage({ channel: "C0GENERAL", text: "t", blocks: Array.from({ length: 50 }, (_, i) => section(`s${i}`)) as never });
    const problems = fake.takeContractViolations().map((v) => v.problems);
    expect(problems).toEqual([
      ["/blocks: Too big: expected array to have <=50 items"],
      ['/blocks/1/block_id: duplicate block_id "poll_title"'],
      [expect.stringMatching(/^\/blocks\/0: Unrecognized key: "txt"/)],
      [expect.stringMatching(/^\/blocks\/0\/type: type "table" is not one the fake checks here; if Slack allows it, add its documented limits/)],
    ]);
  });

  it("refuses a modal title over 24 characters and an input block without submit, and accepts the bot's own objection form", async () => {
    const { fake, client } = await slack();
    const triggerId = () => fake.issueTriggerId("U0ALICE");
    const form = questionModal({ question: "objection-reason", line: "poll position id:3 stance:object", channelId: "C0GENERAL" }, 1000);
    await client.views.open({ trigger_id: triggerId(), view: form });
    await expect(client.views.open({ trigger_id: triggerId(), view: { ...form, title: { type: "plain_text", text: "t".repeat(25) } } })).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
    const { submit: _submit, ...noSubmit } = form;
    await expect(client.views.open({ trigger_id: triggerId(), view: noSubmit })).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
    expect(fake.views).toHaveLength(1);
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([
      ["/view/title/text: Too big: expected string to have <=24 characters"],
      ["/view/submit: a modal with an input block needs submit"],
    ]);
  });

  it("posts a text past 40,000 characters with Slack's truncation warning, and records it", async () => {
    const { fake, client } = await slack();
    const answer = await client.chat.postMessage({ channel: "C0GENERAL", text: "x".repeat(40_001) });
    expect(answer.response_metadata?.warnings).toEqual(["message_truncated"]);
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([["/text: is 40001 characters; Slack truncates text past 40000"]]);
  });

  it("checks response_url posts the same way", async () => {
    const { fake } = await slack();
    const url = `${fake.baseUrl}/response/not-issued`;
    const post = (body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const bad = await post({ text: "t", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(fake.takeContractViolations().map((v) => v.problems)).toEqual([["/blocks/0/text/text: Too big: expected string to have <=150 characters"]]);
  });

  it("refuses a manifest that breaks Slack's manifest schema in apps.manifest.validate, with a pointer per problem", async () => {
    const { fake } = await slack();
    const config = new WebClient(fake.configToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const manifest = {
      display_information: { name: "Consensus bot", description: "d".repeat(141) },
      features: { slash_commands: [{ command: "poll", description: "Polls" }], bot_user: { display_name: "consensus-bot" } },
      settings: { interactivity: { request_url: "ftp://bot.example.org" } },
      workflows: {},
    };
    // apiCall, as the typed method would not let an invalid manifest through the compiler.
    await expect(config.apiCall("apps.manifest.validate", { manifest: JSON.stringify(manifest) })).rejects.toMatchObject({
      data: {
        ok: false,
        error: "invalid_manifest",
        errors: [
          { pointer: "/display_information/description", message: "Too big: expected string to have <=140 characters" },
          { pointer: "/features/slash_commands/0/command", message: 'must start with "/"' },
          { pointer: "/settings/interactivity/is_enabled", message: expect.stringMatching(/^Invalid input: expected boolean/) },
          { pointer: "/settings/interactivity/request_url", message: "must start with http:// or https://" },
          { pointer: "/", message: 'Unrecognized key: "workflows"' },
        ],
      },
    });
    // The bot token is not an app configuration token.
    await expect(new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }).apiCall("apps.manifest.validate", { manifest: JSON.stringify(manifest) })).rejects.toMatchObject({ data: { error: "not_allowed_token_type" } });
    expect(fake.takeContractViolations()).toHaveLength(1);
  });

  it("passes the bot's poll card as the card model draws it, with thirty agencies and every button", () => {
    const card: Card = {
      kind: "poll",
      label: "Poll #7",
      badge: "product",
      title: "Adopt the 2027 workplan",
      tone: "open",
      summary: "Poll #7",
      text: "The workplan as circulated.",
      fields: [{ id: "closes", label: "Closes", value: "2030-01-15" }],
      sections: [{ id: "tally", heading: "Positions", lines: Array.from({ length: 30 }, (_, i) => ({ label: `AG${i}`, mark: "pending" as const, text: "Agency of a long official name ".repeat(2) })) }],
      actions: [
        { id: "concur", label: "Concur", style: "primary", command: "poll position id:7 stance:concur", confirm: "product-endorsement" },
        { id: "abstain", label: "Abstain", style: "secondary", command: "poll position id:7 stance:abstain" },
        { id: "object", label: "Object", style: "danger", command: "poll position id:7 stance:object", ask: "objection-reason" },
      ],
      footer: "Objections block adoption.",
    };
    expect(checkPayload("chat.postMessage", { text: "Poll #7", blocks: cardBlocks(card) }).problems).toEqual([]);
  });
});
