// A poll card stays within Discord's limit of 6,000 characters across an embed's texts even when the
// poll's text is as long as the catalogue allows and agencies object with long reasons: the fake
// Discord refuses a bigger embed (50035) as Discord does, and the contract check fails this test if
// the bot ever sends one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBED_TOTAL_MAX } from "../fakes/discord/contract.ts";
import type { StoredMessage } from "../fakes/discord/index.ts";
import { answerOf, startHarness, type Harness } from "./discordHarness.ts";

const embedSize = (message: StoredMessage | undefined): number => {
  const embed = message?.embeds[0] as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } } | undefined;
  if (!embed) return 0;
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) + (embed.footer?.text.length ?? 0);
};

describe("a Discord poll card with the longest text and long objections", () => {
  let h: Harness;
  const slash = (user: string, name: string, subcommand: string, options: Record<string, string | number | boolean | { type: number; value: string }>, channel?: string) =>
    h.fake.sendInteraction(h.fake.chatInput({ user, name, subcommand, options, ...(channel ? { channelId: channel } : {}) }));

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it("is redrawn within 6,000 characters, keeping the title, the text's start and every agency's mark", { timeout: 120_000 }, async () => {
    const announcements = h.channelId("announcements");
    await answerOf(h.fake, slash("operator", "setup", "channel", { purpose: "announcements" }, announcements).id);
    const agencies = [["NASA", "alice"], ["ESA", "bob"], ["CNES", "carol"]] as const;
    for (const [code, user] of agencies) {
      await answerOf(h.fake, slash("operator", "agency", "add", { code, name: `${code} space agency` }).id);
      await answerOf(h.fake, slash("operator", "delegate", "add", { agency: code, user: { type: 6, value: h.fake.user(user).id } }).id);
    }
    const opened = await answerOf(h.fake, slash("operator", "poll", "open", { title: "T".repeat(200), closes: "2030-01-15T12:00Z", text: "Proposal text. ".repeat(200) }).id);
    const pollId = Number(/#(\d+)/.exec(opened.content)?.[1]);
    expect(pollId).toBeGreaterThan(0);
    for (const [, user] of agencies) {
      const answer = await answerOf(h.fake, slash(user, "poll", "position", { id: pollId, stance: "object", reason: `${user} objects because `.padEnd(1000, "x") }).id);
      expect(answer.content).toMatch(/position on poll #\d+ is now object/);
    }
    await h.drained();

    const card = h.fake.messagesIn(announcements).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith(`Poll #${pollId}:`));
    expect(embedSize(card)).toBeGreaterThan(EMBED_TOTAL_MAX - 1000);
    expect(embedSize(card)).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
    const embed = card?.embeds[0] as { title: string; description: string; fields: { name: string; value: string }[] };
    expect(embed.title).toBe(`Poll #${pollId}: ${"T".repeat(200)}`);
    expect(embed.description.startsWith("Proposal text. Proposal text.")).toBe(true);
    const agencyLines = embed.fields.filter((f) => f.name.startsWith("Agencies")).map((f) => f.value).join("\n");
    for (const [code] of agencies) expect(agencyLines).toContain(`**${code}** ⛔ object`);
    // Every edit of the card was accepted: none was refused for its size.
    expect(h.fake.requests.filter((r) => r.status === 400)).toEqual([]);
  });
});
