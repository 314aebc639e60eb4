// Many groups on the fake Discord: two servers, one served by the first group since before many
// groups, one the bot joined later. The later one is answered that it belongs to no group until the
// operator named in BOT_OPERATORS creates one there; then each server's commands and cards stay in its
// own group, with alice in both (NASA's representative in one, ESA's in the other).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OptionType } from "../fakes/discord/index.ts";
import { answerOf, EPHEMERAL, startHarness, type Harness } from "./discordHarness.ts";

describe("two Discord servers, two groups", { timeout: 180_000 }, () => {
  let h: Harness;
  let first = "";
  let second = "";
  const slash = (guildId: string, channel: string, user: string, name: string, subcommand: string, options: Record<string, string | { type: number; value: string }> = {}) =>
    answerOf(h.fake, h.fake.sendInteraction(h.fake.chatInput({ user, name, subcommand, options, guildId, channelId: h.channelId(channel) })).id);
  const userOption = (name: string) => ({ type: OptionType.User, value: h.fake.user(name).id });

  beforeAll(async () => {
    h = await startHarness({
      anyGuild: true,
      fake: {
        guilds: [
          { name: "Coordination", channels: [{ name: "general" }, { name: "announcements" }] },
          { name: "Working group", channels: [{ name: "wg-general" }, { name: "wg-announcements" }] },
        ],
      },
      // The first start saw only the coordination server; the bot was added to the other one since.
      adopted: (fake) => [fake.guilds[0]!.id],
    });
    first = h.fake.guilds[0]!.id;
    second = h.fake.guilds[1]!.id;
  });
  afterAll(async () => h?.close());

  it("answers a server of no group how to create one, writes nothing, and lets only a configured operator create it", async () => {
    const count = () => h.deps.store.transaction(async (tx) => (await tx.groups.list()).length);
    const before = await count();
    const answer = await slash(second, "wg-general", "alice", "poll", "list");
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toContain("This Discord server belongs to no group yet");
    expect(answer.content).toContain("/group create");
    const refused = await slash(second, "wg-general", "alice", "group", "create", { name: "Mine" });
    expect(refused.content).toContain("Only an operator named in BOT_OPERATORS");
    expect(await count()).toBe(before);
    const created = await slash(second, "wg-general", "operator", "group", "create", { name: "Working group" });
    expect(created.content).toContain("now belongs to the new group «Working group»");
    expect(await count()).toBe(before + 1);
  });

  it("keeps each server's agencies, polls and cards in its own group and channels", async () => {
    for (const [guild, general, announcements, agency] of [
      [first, "general", "announcements", "NASA"],
      [second, "wg-general", "wg-announcements", "ESA"],
    ] as const) {
      await slash(guild, announcements, "operator", "setup", "channel", { purpose: "announcements" });
      await slash(guild, general, "operator", "agency", "add", { code: agency, name: agency });
      expect((await slash(guild, general, "operator", "delegate", "add", { agency, user: userOption("alice") })).content).toBe(`alice now represents ${agency}.`);
    }
    const openedA = await slash(first, "general", "operator", "poll", "open", { title: "Budget of A", closes: "7d" });
    const openedB = await slash(second, "wg-general", "operator", "poll", "open", { title: "Workplan of B", closes: "7d" });
    const idOf = (text: string) => Number(/#(\d+)/.exec(text)?.[1]);
    const [pollA, pollB] = [idOf(openedA.content), idOf(openedB.content)];
    await h.drained();
    const titles = (channel: string) => h.fake.messagesIn(h.channelId(channel)).map((m) => (m.embeds[0] as { title?: string } | undefined)?.title ?? m.content);
    expect(titles("announcements").some((t) => t?.includes("Budget of A"))).toBe(true);
    expect(titles("announcements").some((t) => t?.includes("Workplan of B"))).toBe(false);
    expect(titles("wg-announcements").some((t) => t?.includes("Workplan of B"))).toBe(true);
    expect(titles("wg-announcements").some((t) => t?.includes("Budget of A"))).toBe(false);

    // alice speaks for NASA in the first server and for ESA in the second; another group's poll is not found.
    expect((await slash(second, "wg-general", "alice", "poll", "position", { id: String(pollA), stance: "concur" })).content).toContain(`#${pollA}`);
    const positionsOf = (pollId: number) => h.deps.store.transaction((tx) => tx.polls.positions(pollId));
    expect(await positionsOf(pollA)).toEqual([]);
    await slash(first, "general", "alice", "poll", "position", { id: String(pollA), stance: "concur" });
    await slash(second, "wg-general", "alice", "poll", "position", { id: String(pollB), stance: "abstain" });
    expect((await positionsOf(pollA)).map((p) => p.stance)).toEqual(["concur"]);
    expect((await positionsOf(pollB)).map((p) => p.stance)).toEqual(["abstain"]);
    const listB = await slash(second, "wg-general", "alice", "agency", "list");
    expect(listB.content).toContain("ESA");
    expect(listB.content).not.toContain("NASA");
  });
});
