// The product poll's Concur press on Discord, from the card model: Discord buttons cannot confirm, so
// the press answers privately with a confirmation step of its own (Confirm / Cancel buttons); only the
// confirmation records the concurrence, with the agency's internal endorsement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OptionType, type StoredMessage } from "../fakes/discord/index.ts";
import { answerOf, cardButtons, EPHEMERAL, startHarness, type Harness } from "./discordHarness.ts";

describe("Discord: Concur on a product poll", () => {
  let h: Harness;
  let announcements: string;
  const slash = (user: string, name: string, subcommand: string | undefined, options: Record<string, string | number | boolean | { type: number; value: string }> = {}, channel?: string) =>
    h.fake.sendInteraction(h.fake.chatInput({ user, name, ...(subcommand ? { subcommand } : {}), options, ...(channel ? { channelId: channel } : {}) }));
  const card = (): StoredMessage | undefined => h.fake.messagesIn(announcements).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith("Poll #1:"));
  const positions = () => h.deps.store.transaction((tx) => tx.polls.positions(1));
  const buttonsIn = (components: unknown) =>
    ((components ?? []) as { components?: { custom_id?: string; label?: string }[] }[]).flatMap((row) => row.components ?? []).map((b) => [b.label, b.custom_id]);

  beforeAll(async () => {
    h = await startHarness();
    announcements = h.channelId("announcements");
    await answerOf(h.fake, slash("operator", "setup", "channel", { purpose: "announcements" }, announcements).id);
    for (const [code, name] of [["NASA", "National Aeronautics and Space Administration"], ["ESA", "European Space Agency"]] as const) await answerOf(h.fake, slash("operator", "agency", "add", { code, name }).id);
    await answerOf(h.fake, slash("operator", "delegate", "add", { agency: "NASA", user: { type: OptionType.User, value: h.fake.user("alice").id } }).id);
    await answerOf(h.fake, slash("operator", "delegate", "add", { agency: "ESA", user: { type: OptionType.User, value: h.fake.user("bob").id } }).id);
    const opened = await answerOf(h.fake, slash("operator", "poll", "open", { title: "Endorse the ice-sheet product", closes: "7d", kind: "product" }).id);
    expect(opened.content).toMatch(/^Opened poll #1/);
  });

  afterAll(async () => {
    await h?.close();
  });

  it("asks to confirm the internal endorsement, then records the concurrence as endorsed", async () => {
    const posted = await h.fake.waitFor(() => card(), 10_000, "the product poll's card");
    expect(cardButtons(posted)[0]).toBe("confirm:product-endorsement:poll position id:1 stance:concur endorsed:true");

    const press = h.fake.sendInteraction(h.fake.button({ user: "alice", customId: cardButtons(posted)[0]!, message: posted }));
    const step = await press.waitForCallback();
    expect(step.type).toBe(4);
    const data = step.data as { content?: string; flags?: number; components?: unknown };
    expect((data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(data.content).toBe("**Internal endorsement**\nConcurring on a product confirms that your agency has endorsed it internally.");
    expect(buttonsIn(data.components)).toEqual([
      ["Concur, endorsed", "run:poll position id:1 stance:concur endorsed:true"],
      ["Cancel", "cancel"],
    ]);
    expect(await positions()).toEqual([]);

    const confirmation = await h.fake.waitFor(() => press.originalMessage(), 5_000, "the confirmation step's message");
    const confirm = h.fake.sendInteraction(h.fake.button({ user: "alice", customId: "run:poll position id:1 stance:concur endorsed:true", message: confirmation }));
    const answer = await answerOf(h.fake, confirm.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/^NASA's position on poll #1 is now concur\./);
    expect(await positions()).toEqual([expect.objectContaining({ stance: "concur", endorsed: true })]);
  });

  it("records nothing when the confirmation is cancelled", async () => {
    const posted = card()!;
    const press = h.fake.sendInteraction(h.fake.button({ user: "bob", customId: cardButtons(posted)[0]!, message: posted }));
    await press.waitForCallback();
    const confirmation = await h.fake.waitFor(() => press.originalMessage(), 5_000, "the confirmation step's message");
    const cancel = h.fake.sendInteraction(h.fake.button({ user: "bob", customId: "cancel", message: confirmation }));
    const cancelled = await cancel.waitForCallback();
    expect(cancelled.type).toBe(7);
    expect(cancelled.data).toMatchObject({ content: "Cancelled; nothing was recorded.", components: [] });
    expect((await positions()).map((p) => p.stance)).toEqual(["concur"]);
  });

  it("logged no warning or error along the way", () => {
    expect(h.logs).toEqual([]);
  });
});
