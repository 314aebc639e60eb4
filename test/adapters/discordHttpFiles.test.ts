// A reply that carries a file, in Discord's HTTP interactions mode. The HTTP answer to an interaction
// is JSON, with no room for a file, so the bot defers it in that answer (privately, since an export
// is private) and then sends the file through the interaction's webhook (PATCH @original, multipart),
// where Discord takes attachments. Checked at the fake: the deferral came as the HTTP answer within
// 3 s, the file went once through the webhook with the export's name and size, and the answer the user
// sees carries it as an attachment.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy.ts";
import { exportAgencies } from "../../src/core/exports/exportAgencies.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { EPHEMERAL } from "./discordHarness.ts";
import { answerMatching, configFor, startHttpBot, troubles, type HttpBot } from "./discordHttpHarness.ts";

const WINDOW_MS = 3000;
/** InteractionResponseType.DeferredChannelMessageWithSource */
const DEFERRED_REPLY = 5;

describe("a reply with a file over Discord's HTTP interactions", () => {
  let fake: FakeDiscord;
  let bot: HttpBot;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "discord-http-files-"));
    fake = await startFakeDiscord({ users: [{ username: "operator" }, { username: "alice" }], guilds: [{ name: "Coordination", channels: [{ name: "general" }] }] });
    await deployCommands(configFor(fake));
    bot = await startHttpBot(fake, join(dir, "bot.db"));
  });

  afterAll(async () => {
    await bot?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is deferred in the HTTP answer and sent through the webhook with its file", async () => {
    for (const code of ["NASA", "ESA"]) {
      const added = fake.chatInput({ user: "operator", name: "agency", subcommand: "add", options: { code, name: code } });
      expect((await bot.post(added)).status).toBe(200);
      await answerMatching(fake, added.id, /recorded as participating/);
    }
    const asked = fake.chatInput({ user: "operator", name: "export", subcommand: "agencies", options: { format: "csv" } });
    const answer = await bot.post(asked);
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(WINDOW_MS);
    expect(answer.refused).toBeNull();
    // The HTTP answer is the deferral, private, and carries no file.
    expect(answer.json).toEqual({ type: DEFERRED_REPLY, data: { flags: EPHEMERAL } });

    const expected = await exportAgencies(bot.deps, bot.operator, "csv");
    if (!expected.ok) throw new Error("the export was refused");
    const shown = await answerMatching(fake, asked.id, /agencies\.csv|2 agenc/i);
    expect(shown.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown.attachments).toEqual([expect.objectContaining({ filename: expected.value.filename, size: Buffer.byteLength(expected.value.content) })]);
    // Exactly one request carried the file, through the interaction's webhook (the token in the path, no bot token).
    const withFiles = fake.requests.filter((r) => r.files.length > 0);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]!.path).toContain(answer.record!.token);
    expect(withFiles[0]!.headers["authorization"]).toBeUndefined();
    expect(withFiles[0]!.files).toEqual([expect.objectContaining({ filename: expected.value.filename, size: Buffer.byteLength(expected.value.content) })]);
    expect(troubles(bot)).toEqual([]);
  });
});
