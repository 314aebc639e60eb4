// What is waiting for one person, through the core on a real SQLite file: a representative sees only
// their own agency's unanswered or objected polls, the Secretariat its unacknowledged advisor notices
// and a meeting whose dates passed unrecorded, and an unknown caller is refused.
import { afterEach, describe, expect, it } from "vitest";
import { acknowledgeAdvisorNotice } from "../../src/core/advisors/acknowledgeAdvisorNotice.ts";
import { notifyAdvisor } from "../../src/core/advisors/notifyAdvisor.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { whatIsWaiting } from "../../src/core/waiting/whatIsWaiting.ts";
import { waitingCardModel } from "../../src/core/waiting/waitingCard.ts";
import { must } from "../support/group.ts";
import { meetingWorld, newMeeting, type MeetingWorld } from "../support/meetingWorld.ts";
import { DAY, later } from "../support/time.ts";

let world: MeetingWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

describe("what is waiting for me", () => {
  it("shows a representative only their agency's polls that are unanswered or objected, and coming meetings", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const open = async (title: string) => must(await openPoll(w.deps, w.operator, { title, closesAt: later(w.clock.now(), 7 * DAY) }));
    const answered = await open("Answered by ESA");
    const objected = await open("Objected by ESA");
    const untouched = await open("Not answered");
    must(await castPosition(w.deps, w.rep("ESA"), { pollId: answered.id, stance: "concur" }));
    must(await castPosition(w.deps, w.rep("ESA"), { pollId: objected.id, stance: "object", reason: "Budget" }));
    must(await castPosition(w.deps, w.rep("NASA"), { pollId: untouched.id, stance: "abstain" }));
    const m = await newMeeting(w);

    const esa = must(await whatIsWaiting(w.deps, w.rep("ESA")));
    expect(esa.agency).toBe("ESA");
    expect(esa.polls.map((p) => [p.poll.id, p.stance])).toEqual([
      [objected.id, "object"],
      [untouched.id, "pending"],
    ]);
    expect(esa.meetings.map((x) => x.id)).toEqual([m.id]);
    expect(esa.secretariat).toBe(false);
    expect(esa.notices).toEqual([]);

    const nasa = must(await whatIsWaiting(w.deps, w.rep("NASA")));
    expect(nasa.polls.map((p) => p.poll.id)).toEqual([answered.id, objected.id]);

    const card = waitingCardModel(esa);
    expect(card.kind).toBe("waiting");
    expect(card.sections.map((s) => s.id)).toEqual(["polls", "meetings"]);
    expect(card.sections[0]!.lines.map((l) => l.label)).toEqual([`Poll #${objected.id}`, `Poll #${untouched.id}`]);
  });

  it("shows the Secretariat the advisor notices not yet acknowledged, and a meeting whose dates passed while scheduled", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w);
    const first = must(await notifyAdvisor(w.deps, w.rep("ESA"), { meetingId: m.id, name: "Jane Doe", affiliation: "TU Delft", purpose: "Regolith", conflicts: "none" }));
    const second = must(await notifyAdvisor(w.deps, w.rep("CNES"), { meetingId: m.id, name: "Paul Roux", affiliation: "ISAE", purpose: "Orbits", conflicts: "none" }));
    must(await acknowledgeAdvisorNotice(w.deps, w.operator, first.notice.id));

    const sec = must(await whatIsWaiting(w.deps, w.operator));
    expect(sec.secretariat).toBe(true);
    expect(sec.notices.map((n) => [n.id, n.agency])).toEqual([[second.notice.id, "CNES"]]);
    expect(sec.alerts).toEqual([]);
    // A representative is not shown the Secretariat's work.
    expect(must(await whatIsWaiting(w.deps, w.rep("ESA"))).notices).toEqual([]);

    // The meeting's last day (2026-10-14) passes while it is still being planned.
    w.clock.set(new Date("2026-10-16T08:00:00Z"));
    const after = must(await whatIsWaiting(w.deps, w.operator));
    expect(after.meetings).toEqual([]);
    expect(after.alerts.map((a) => [a.meetingId, a.kind])).toEqual([[m.id, "dates passed"]]);
    expect(waitingCardModel(after).sections.find((s) => s.id === "alerts")!.lines[0]!.text).toContain(`/meeting held id:${m.id}`);
  });

  it("refuses a caller the group does not know", async () => {
    world = await meetingWorld();
    const r = await whatIsWaiting(world.deps, world.caller("stranger"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.reason).toBe("members_only");
  });
});
