// A delegation works through the Discord adapter end to end: slash commands with typed options, the
// poll card with its buttons, the objection modal, autocomplete and private refusals, against the
// fake Discord, with the real core on a temporary SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meetingCalendar } from "../../src/core/meetings/meetingCalendar.ts";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { listDelegates } from "../../src/core/people/manageDelegates.ts";
import { OptionType, type StoredMessage } from "../fakes/discord/index.ts";
import { answerOf, cardButtons, cardField, EPHEMERAL, startHarness, type Harness } from "./discordHarness.ts";

describe("Discord adapter, end to end", () => {
  let h: Harness;
  let announcements: string;
  let general: string;
  const slash = (user: string, name: string, subcommand: string | undefined, options: Record<string, string | number | boolean | { type: number; value: string }> = {}, channel?: string) =>
    h.fake.sendInteraction(h.fake.chatInput({ user, name, ...(subcommand ? { subcommand } : {}), options, ...(channel ? { channelId: channel } : {}) }));
  const userOption = (name: string) => ({ type: OptionType.User, value: h.fake.user(name).id });
  const card = (pollId: number): StoredMessage | undefined =>
    h.fake.messagesIn(announcements).find((m) => (m.embeds[0] as { title?: string } | undefined)?.title?.startsWith(`Poll #${pollId}:`));

  beforeAll(async () => {
    h = await startHarness();
    announcements = h.channelId("announcements");
    general = h.channelId("general");
  });

  afterAll(async () => {
    await h?.close();
  });

  it("registers every catalogue command with the fake, then binds a channel and records a delegation", async () => {
    expect(h.fake.commands.map((c) => c.definition["name"])).toEqual(expect.arrayContaining(["agency", "delegate", "poll", "setup", "help"]));
    expect(h.fake.commands.every((c) => c.guildId === h.fake.guild.id)).toBe(true);

    const bound = await answerOf(h.fake, slash("operator", "setup", "channel", { purpose: "announcements" }, announcements).id);
    expect(bound.content).toBe("This channel now receives the announcements messages.");
    expect(bound.flags & EPHEMERAL).toBe(0);
    expect(bound.callback.type).toBe(4);

    for (const [code, name] of [["NASA", "National Aeronautics and Space Administration"], ["ESA", "European Space Agency"]] as const) {
      const added = await answerOf(h.fake, slash("operator", "agency", "add", { code, name }).id);
      expect(added.content).toMatch(new RegExp(`^Agency #\\d+ ${code} \\(${name}\\) recorded as participating\\.$`));
    }
    const alice = await answerOf(h.fake, slash("operator", "delegate", "add", { agency: "nasa", user: userOption("alice"), head: true }).id);
    expect(alice.content).toBe("alice now represents NASA as head of delegation.");
    await answerOf(h.fake, slash("operator", "delegate", "add", { agency: "ESA", user: userOption("bob") }).id);

    const delegations = await listDelegates(h.deps, h.operator);
    if (!delegations.ok) throw new Error("listing delegates was refused");
    expect(delegations.value.map((d) => [d.agency.code, d.delegates.map((p) => [p.handle, p.isHead])])).toEqual([
      ["ESA", [["bob", false]]],
      ["NASA", [["alice", true]]],
    ]);
    const bindings = await h.deps.store.transaction((tx) => tx.groups.bindings(h.group.id));
    expect(bindings).toContainEqual({ platform: "discord", channelId: announcements, purpose: "announcements" });
  });

  it("answers refusals and invalid options privately, with the reason and what to do instead", async () => {
    const notAllowed = await answerOf(h.fake, slash("alice", "poll", "open", { title: "Not mine to open", closes: "7d" }).id);
    expect(notAllowed.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notAllowed.content).toBe("Only the Secretariat or the chair can open a poll. Ask them to do it, or ask the Secretariat for the role.");

    const badDate = await answerOf(h.fake, slash("operator", "poll", "open", { title: "When?", closes: "next tuesday" }).id);
    expect(badDate.flags & EPHEMERAL).toBe(EPHEMERAL);
    // The one validator words it as the shell and Slack do, with the usage from the catalogue.
    expect(badDate.content).toMatch(/^closes: must be a date .*Usage: \/poll open title:"…" \[text:"…"\] closes:WHEN/);

    const help = await answerOf(h.fake, slash("carol", "help", undefined, { command: "poll" }).id);
    expect(help.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(help.content).toContain("/poll position");
  });

  it("opens a poll whose card shows the question, the deadline in each reader's time zone and buttons", async () => {
    const opened = await answerOf(h.fake, slash("operator", "poll", "open", { title: "Adopt the 2027 workplan", closes: "2030-01-15T12:00Z", text: "The workplan as circulated." }, general).id);
    expect(opened.flags & EPHEMERAL).toBe(0);
    const unix = Date.parse("2030-01-15T12:00:00Z") / 1000;
    expect(opened.content).toBe(`Opened poll #1 «Adopt the 2027 workplan», closing <t:${unix}:f> (consensus: adopted if nobody objects and more than half of the agencies respond).`);

    const posted = await h.fake.waitFor(() => card(1), 10_000, "the poll card");
    expect(posted.content).toContain(`closes <t:${unix}:f>`);
    expect(posted.nonce).toEqual(expect.any(String));
    expect(String(posted.nonce).length).toBeLessThanOrEqual(25);
    expect(cardField(posted, "Closes")).toBe(`<t:${unix}:f> (<t:${unix}:R>)`);
    expect(cardField(posted, "Agencies")).toBe("**ESA** … pending\n**NASA** … pending");
    expect(cardButtons(posted)).toEqual(["run:poll position id:1 stance:concur", "run:poll position id:1 stance:abstain", "ask:objection-reason:poll position id:1 stance:object"]);
  });

  it("suggests polls and agencies from the core as the option is typed", async () => {
    const polls = await h.fake.sendInteraction(h.fake.autocomplete({ user: "alice", name: "poll", subcommand: "position", options: { id: "" }, focused: "id" })).waitForCallback();
    expect(polls.type).toBe(8);
    expect(polls.data).toEqual({ choices: [{ name: "#1 Adopt the 2027 workplan (open)", value: 1 }] });

    const agencies = await h.fake.sendInteraction(h.fake.autocomplete({ user: "operator", name: "agency", subcommand: "show", options: { code: "eur" }, focused: "code" })).waitForCallback();
    expect(agencies.data).toEqual({ choices: [{ name: "ESA — European Space Agency", value: "ESA" }] });
  });

  it("casts a position from the card's button, privately confirmed, and redraws the card with the live tally", async () => {
    const press = h.fake.sendInteraction(h.fake.button({ user: "alice", customId: "poll:1:concur", message: card(1)! }));
    const answer = await answerOf(h.fake, press.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toBe("NASA's position on poll #1 is now concur. 1 concur, 0 abstain, 0 object; 1 of 2 agencies responded (quorum 2).");

    const redrawn = await h.fake.waitFor(() => (cardField(card(1), "Agencies")?.includes("NASA** ✅ concur") ? card(1) : null), 10_000, "the card with NASA's concurrence");
    expect(cardField(redrawn, "Tally")).toBe("1 concur · 0 abstain · 0 object · 1 pending\n1 of 2 agencies responded (quorum 2)");
    expect(cardButtons(redrawn)).toHaveLength(3);
  });

  it("refuses a button press from someone who represents no agency, privately", async () => {
    const press = h.fake.sendInteraction(h.fake.button({ user: "carol", customId: "poll:1:abstain", message: card(1)! }));
    const answer = await answerOf(h.fake, press.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/^Only a representative of the agency concerned can set an agency's position\./);
  });

  it("asks for the objection's reason in a modal and records the objection, which keeps the poll open until the operator closes it", async () => {
    const press = h.fake.sendInteraction(h.fake.button({ user: "bob", customId: "poll:1:object", message: card(1)! }));
    const modal = await press.waitForCallback();
    expect(modal.type).toBe(9);
    expect(modal.data).toMatchObject({ custom_id: "ask:objection-reason:poll position id:1 stance:object", title: "Object to poll #1" });
    expect(JSON.stringify(modal.data)).toContain('"custom_id":"reason"');

    const submit = h.fake.sendInteraction(h.fake.modalSubmit({ user: "bob", customId: "ask:objection-reason:poll position id:1 stance:object", fields: { reason: "The budget line is missing." }, message: card(1)!, layout: "label" }));
    const answer = await answerOf(h.fake, submit.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toContain("ESA's position on poll #1 is now object.");
    expect(answer.content).not.toContain("closed");

    // A standing objection keeps the poll open for discussion, even with every agency responded.
    const open = await showPoll(h.deps, h.operator, 1);
    if (!open.ok) throw new Error("poll #1 is missing");
    expect(open.value.poll).toMatchObject({ status: "open" });

    const closing = await answerOf(h.fake, slash("operator", "poll", "close", { id: 1 }).id);
    expect(closing.content).toContain("not adopted");
    const view = await showPoll(h.deps, h.operator, 1);
    if (!view.ok) throw new Error("poll #1 is missing");
    expect(view.value.poll).toMatchObject({ status: "closed", outcome: "not adopted" });
    expect(view.value.positions).toEqual([
      expect.objectContaining({ code: "ESA", stance: "object", reason: "The budget line is missing.", by: "bob" }),
      expect.objectContaining({ code: "NASA", stance: "concur", by: "alice" }),
    ]);
    expect(view.value.history.map((c) => [c.code, c.stance, c.platform])).toEqual([
      ["NASA", "concur", "discord"],
      ["ESA", "object", "discord"],
    ]);

    const closed = await h.fake.waitFor(() => (cardButtons(card(1)).length === 0 ? card(1) : null), 10_000, "the closed card");
    expect(cardField(closed, "Outcome")).toMatch(/^not adopted — decision \d{4}-01$/);
    expect(cardField(closed, "Agencies")).toMatch(/^\*\*ESA\*\* ⛔ object.*The budget line is missing\.[\s\S]*\n\*\*NASA\*\* ✅ concur$/);
    const decision = await h.fake.waitFor(() => h.fake.messagesIn(announcements).find((m) => m.content.startsWith("Decision ")), 10_000, "the decision");
    expect(decision.content).toContain("poll #1 «Adopt the 2027 workplan» is not adopted (closed early)");
    expect(decision.content).toContain("Objections: ESA: The budget line is missing.");
  });

  it("refuses a vote on the closed poll, privately", async () => {
    const press = h.fake.sendInteraction(h.fake.button({ user: "alice", customId: "poll:1:abstain", message: card(1)! }));
    const answer = await answerOf(h.fake, press.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toBe("Poll #1 is closed (not adopted); positions can no longer change. See the decision with /poll show id:1.");
  });

  it("suggests meetings from the core and sends a meeting's calendar as a file", async () => {
    const created = await answerOf(h.fake, slash("operator", "meeting", "create", { title: "Plenary 2027", starts: "2027-03-01", ends: "2027-03-03" }).id);
    expect(created.content).toMatch(/^Created plenary .*#1.*in planning\./);
    const suggested = await h.fake.sendInteraction(h.fake.autocomplete({ user: "alice", name: "meeting", subcommand: "ics", options: { id: "plen" }, focused: "id" })).waitForCallback();
    expect(suggested.data).toEqual({ choices: [{ name: "#1 Plenary 2027 (2027-03-01, planning)", value: 1 }] });

    const ics = slash("alice", "meeting", "ics", { id: 1 });
    const answer = await answerOf(h.fake, ics.id);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/^Calendar file for .*Plenary 2027.*\.ics$/);
    const calendar = await meetingCalendar(h.deps, h.operator, 1);
    if (!calendar.ok) throw new Error("meeting #1 is missing");
    // The fake keeps the files of an interaction's reply on the request, not on the message.
    const callback = h.fake.requests.find((r) => r.route === "/interactions/:interactionId/:token/callback" && r.path.includes(ics.id));
    expect(callback?.files).toEqual([expect.objectContaining({ filename: calendar.value.filename, size: Buffer.byteLength(calendar.value.ics) })]);
  });

  it("logged no warning or error along the way", () => {
    expect(h.logs).toEqual([]);
  });
});
