// The effects of adopting amendment, workplan and product polls, and what a poll of each kind needs
// before it opens, through the real core on SQLite.
import { afterEach, describe, expect, it } from "vitest";
import { showTermsOfReference } from "../../src/core/adoptions/showTermsOfReference.ts";
import { showWorkplans } from "../../src/core/adoptions/showWorkplan.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { openPoll, type OpenPollInput } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { auditRows, run } from "../support/governance.ts";
import { DAY } from "../support/time.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const week = () => new Date(g.clock.now().getTime() + 7 * DAY);

/** Opens a poll and has every agency take the same stance, which closes it. */
async function decide(input: Omit<OpenPollInput, "closesAt">, stance: Stance = "concur", extra: { endorsed?: boolean; reason?: string } = {}) {
  const poll = must(await openPoll(g.deps, g.operator, { ...input, closesAt: week() }));
  for (const a of g.agencies) must(await castPosition(g.deps, a.representatives[0]!, { pollId: poll.id, stance, ...extra }));
  g.clock.advance(60_000);
  return poll;
}

describe("an amendment of the Terms of Reference", () => {
  it("puts its text into force when adopted, as a numbered version kept with its decision", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    expect(must(await showTermsOfReference(g.deps, g.operator)).current).toBeNull();

    const first = await decide({ title: "Amend III.2.2", kind: "amendment", text: "The chairmanship rotates every 12 months." });
    const second = await decide({ title: "Amend IV", kind: "amendment", text: "The Secretariat is hosted by a Participating Agency." });

    const tor = must(await showTermsOfReference(g.deps, g.rep("ESA")));
    expect(tor.current).toMatchObject({ version: 2, pollId: second.id, text: "The Secretariat is hosted by a Participating Agency.", decision: "2026-02" });
    expect(tor.versions.map((v) => [v.version, v.pollId, v.decision])).toEqual([
      [1, first.id, "2026-01"],
      [2, second.id, "2026-02"],
    ]);
    expect(auditRows(g, "tor.amended").map((e) => e.details["version"])).toEqual([1, 2]);
  });

  it("changes nothing when it is not adopted", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    await decide({ title: "Amend V", kind: "amendment", text: "Unanimity replaces consensus." }, "object", { reason: "Consensus is the rule" });
    expect(must(await showTermsOfReference(g.deps, g.operator)).versions).toEqual([]);
    expect(auditRows(g, "tor.amended")).toEqual([]);
  });

  it("cannot open without the new text, and the refusal writes nothing", async () => {
    g = await buildGroup();
    const before = g.snapshot();
    expect(await openPoll(g.deps, g.operator, { title: "Amend", kind: "amendment", closesAt: week() })).toEqual({ ok: false, refusal: { reason: "amendment_needs_text" } });
    expect(await openPoll(g.deps, g.operator, { title: "Amend", kind: "amendment", text: "   ", closesAt: week() })).toEqual({ ok: false, refusal: { reason: "amendment_needs_text" } });
    expect(g.snapshot()).toEqual(before);
  });
});

describe("a workplan", () => {
  it("is adopted for the year its poll names, and a later adoption for that year replaces it", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const first = await decide({ title: "Workplan 2027", kind: "workplan", subject: { year: 2027 }, text: "Update the Global Exploration Roadmap." });
    const other = await decide({ title: "Workplan 2028", kind: "workplan", subject: { year: 2028 } });
    const revised = await decide({ title: "Workplan 2027, revised", kind: "workplan", subject: { year: 2027 }, text: "Roadmap and a lunar surface study." });
    await decide({ title: "Workplan 2029", kind: "workplan", subject: { year: 2029 } }, "object", { reason: "Too early" });

    const all = must(await showWorkplans(g.deps, g.operator));
    expect(all.inForce.map((w) => [w.year, w.pollId])).toEqual([
      [2027, revised.id],
      [2028, other.id],
    ]);
    expect(all.replaced.map((w) => w.pollId)).toEqual([first.id]);
    const only2027 = must(await showWorkplans(g.deps, g.operator, 2027));
    expect(only2027.inForce).toEqual([expect.objectContaining({ year: 2027, text: "Roadmap and a lunar surface study." })]);

    const adopted = auditRows(g, "workplan.adopted");
    expect(adopted.map((e) => [e.subject, e.details["pollId"], e.details["replaces"]])).toEqual([
      ["workplan:2027", first.id, null],
      ["workplan:2028", other.id, null],
      ["workplan:2027", revised.id, first.id],
    ]);
  });

  const refusals: [string, Omit<OpenPollInput, "closesAt">, Record<string, unknown>][] = [
    ["without a year", { title: "Workplan", kind: "workplan" }, { reason: "workplan_needs_year", year: null }],
    ["with a year no workplan covers", { title: "Workplan", kind: "workplan", subject: { year: 1999 } }, { reason: "workplan_needs_year", year: 1999 }],
    ["with a year on a poll of another kind", { title: "General", subject: { year: 2027 } }, { reason: "year_only_for_workplan", kind: "general" }],
  ];
  it.each(refusals)("cannot open %s, and the refusal writes nothing", async (_, input, refusal) => {
    g = await buildGroup();
    const before = g.snapshot();
    expect(await openPoll(g.deps, g.operator, { ...input, closesAt: week() })).toEqual({ ok: false, refusal });
    expect(g.snapshot()).toEqual(before);
  });

  it("takes its year from /poll open year:, and refuses the command without it", async () => {
    g = await buildGroup({ agencies: ["NASA"] });
    const refused = await run(g, g.operator, '/poll open title:"Workplan" closes:7d kind:workplan');
    expect(refused.data).toEqual({ refused: "workplan_needs_year" });
    expect(refused.text).toContain("year:");
    const opened = await run(g, g.operator, '/poll open title:"Workplan 2027" closes:7d kind:workplan year:2027');
    const id = opened.data?.["id"] as number;
    expect(g.rows<{ subject: string }>(`SELECT subject FROM Poll WHERE id = ?`, id)[0]?.subject).toBe(JSON.stringify({ year: 2027 }));
    const misplaced = await run(g, g.operator, '/poll open title:"General" closes:7d year:2027');
    expect(misplaced.data).toEqual({ refused: "year_only_for_workplan" });
  });
});

describe("a product endorsement", () => {
  it("takes concur only with the agency's internal endorsement confirmed, and the refusal writes nothing", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const poll = must(await openPoll(g.deps, g.operator, { title: "Global Exploration Roadmap, 4th edition", kind: "product", closesAt: week() }));
    const before = g.snapshot();
    for (const endorsed of [undefined, false]) {
      expect(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur", endorsed })).toEqual({ ok: false, refusal: { reason: "endorsement_required", id: poll.id } });
    }
    expect(g.snapshot()).toEqual(before);
    // Standing aside or objecting needs no endorsement.
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: poll.id, stance: "abstain" }));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur", endorsed: true }));
    expect(g.rows<{ endorsed: number }>(`SELECT endorsed FROM PositionChange WHERE pollId = ? AND stance = 'concur'`, poll.id)).toEqual([{ endorsed: 1 }]);
  });

  it("is endorsed when adopted, naming the agencies that endorsed it internally", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    const poll = must(await openPoll(g.deps, g.operator, { title: "Roadmap", kind: "product", closesAt: week() }));
    const stances: [Caller, Stance, boolean][] = [
      [g.rep("NASA"), "concur", true],
      [g.rep("ESA"), "abstain", false],
      [g.rep("JAXA"), "concur", true],
    ];
    for (const [who, stance, endorsed] of stances) must(await castPosition(g.deps, who, { pollId: poll.id, stance, endorsed }));
    expect(g.rows<{ outcome: string }>(`SELECT outcome FROM Poll WHERE id = ?`, poll.id)[0]?.outcome).toBe("adopted");
    expect(auditRows(g, "product.endorsed")).toEqual([
      expect.objectContaining({ subject: `product:${poll.id}`, details: expect.objectContaining({ title: "Roadmap", decision: "2026-01", endorsedWithin: ["NASA", "JAXA"] }) }),
    ]);
  });

  it("is not endorsed when it lapses", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    const poll = must(await openPoll(g.deps, g.operator, { title: "Roadmap", kind: "product", closesAt: week() }));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur", endorsed: true }));
    expect(must(await closePoll(g.deps, g.operator, poll.id)).outcome).toBe("lapsed");
    expect(auditRows(g, "product.endorsed")).toEqual([]);
  });
});

describe("a venue poll", () => {
  it("opens only from a venue proposal: /poll open kind:venue typed by hand is refused, points to /venue consensus and writes nothing", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const before = g.snapshot();
    const typed = await run(g, g.operator, '/poll open title:"Venue of the autumn meeting" closes:7d kind:venue');
    expect(typed.data).toEqual({ refused: "venue_needs_proposal" });
    expect(typed.text).toContain("/venue consensus id:");
    expect(await openPoll(g.deps, g.operator, { title: "Venue", kind: "venue", subject: { meetingId: 1 }, closesAt: week() })).toEqual({
      ok: false,
      refusal: { reason: "venue_needs_proposal" },
    });
    expect(g.snapshot()).toEqual(before);
  });
});
