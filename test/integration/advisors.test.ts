// Advisor notices through the core on a real SQLite file: who notifies, the notice period read in the
// meeting's zone, one delegation per advisor per meeting, the Secretariat's acknowledgement, and the
// rule that advisors never take a position.
import { afterEach, describe, expect, it } from "vitest";
import { acknowledgeAdvisorNotice } from "../../src/core/advisors/acknowledgeAdvisorNotice.ts";
import { listAdvisorNotices } from "../../src/core/advisors/listAdvisorNotices.ts";
import { notifyAdvisor, type NotifyAdvisorInput } from "../../src/core/advisors/notifyAdvisor.ts";
import { withdrawAgency } from "../../src/core/agencies/manageAgencies.ts";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { issueMinutes } from "../../src/core/meetings/issueMinutes.ts";
import { recordMeetingHeld } from "../../src/core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { auditRows, expectRefusedWithoutWrites, outboxRows } from "../support/governance.ts";
import { must } from "../support/group.ts";
import { agreeVenue, meetingWorld, newMeeting, type MeetingWorld } from "../support/meetingWorld.ts";
import { DAY, later } from "../support/time.ts";

let world: MeetingWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const jane = (meetingId: number, extra: Partial<NotifyAdvisorInput> = {}): NotifyAdvisorInput => ({
  meetingId,
  name: "Jane Doe",
  affiliation: "TU Delft",
  purpose: "Expert on lunar regolith",
  conflicts: "none",
  ...extra,
});
const noticesToSecretariat = (w: MeetingWorld) => outboxRows(w).filter((o) => o.data["event"] === "advisor.notified");

describe("notifying an advisor", () => {
  it("records an on-time notice for the representative's delegation and tells the Secretariat's channel", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w);
    const { notice, agency } = must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { conflicts: "Consults for a launch provider" })));
    expect(agency.code).toBe("ESA");
    expect(notice).toMatchObject({ agencyId: w.agency("ESA").id, name: "Jane Doe", nameKey: "jane doe", late: false, acknowledgedAt: null, conflicts: "Consults for a launch provider" });
    const [sent] = noticesToSecretariat(w);
    expect(sent?.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(sent?.text).not.toContain("LATE");
    expect(sent?.text).toContain("Jane Doe, TU Delft");
    expect(sent?.text).toContain("Conflicts of interest: Consults for a launch provider");
    expect(sent?.text).toContain(`/advisor ack id:${notice.id}`);
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "advisor.notified", details: { noticeId: notice.id, agency: "ESA", late: false } });
  });

  it("flags a notice inside the notice period as late, records it, and says LATE to the Secretariat", async () => {
    world = await meetingWorld("2026-10-01T08:00:00Z");
    const w = world;
    const m = await newMeeting(w);
    const { notice, daysBefore } = must(await notifyAdvisor(w.deps, w.rep("JAXA"), jane(m.id)));
    expect(notice.late).toBe(true);
    expect(daysBefore).toBe(11);
    expect(noticesToSecretariat(w)[0]?.text).toMatch(/^LATE: received 11 days before the meeting starts; notices are due 14 days before\./);
    expect(must(await listAdvisorNotices(w.deps, w.operator, m.id)).notices.map((n) => [n.name, n.agency, n.late])).toEqual([["Jane Doe", "JAXA", true]]);
  });

  it("counts the period in whole days of the meeting's zone, with the group's setting", async () => {
    world = await meetingWorld("2026-09-28T20:00:00Z");
    const w = world;
    const m = await newMeeting(w, { startsOn: "2026-10-12", endsOn: "2026-10-12", timezone: "Europe/Paris" });
    // 28 September 22:00 in Paris: exactly 14 days before, in time.
    expect(must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id))).notice.late).toBe(false);
    // Two hours later it is 29 September in Paris (though still the 28th in UTC): 13 days, late.
    w.clock.set(new Date("2026-09-28T22:30:00Z"));
    expect(must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { name: "Ken Ito" }))).notice.late).toBe(true);

    await w.db.store.transaction((tx) => tx.groups.update(w.groupId, { advisorNoticeDays: 7 }));
    expect(must(await notifyAdvisor(w.deps, w.rep("CNES"), jane(m.id, { name: "Ana Ruiz" }))).notice.late).toBe(false);
  });

  it("keeps an advisor to one delegation per meeting, whatever the case or spacing of the name", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const other = await newMeeting(w, { title: "Workshop", kind: "workshop" });
    const { notice } = must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id)));
    expect(await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("NASA"), jane(m.id, { name: "  jane   DOE " })), "advisor_in_other_delegation")).toContain(
      "Jane Doe is already notified as an advisor of ESA",
    );
    expect(await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { name: "JANE DOE" })), "advisor_already_notified")).toContain(
      `notice #${notice.id}`,
    );
    // Another meeting is another matter.
    expect(must(await notifyAdvisor(w.deps, w.rep("NASA"), jane(other.id))).notice.agencyId).toBe(w.agency("NASA").id);
  });

  it("refuses callers who represent no delegation, and delegations that withdrew", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    expect(await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.operator, jane(m.id)), "role_required")).toContain("Only a representative");
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.chair, jane(m.id)), "role_required");
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.caller("nobody"), jane(m.id)), "role_required");
    must(await withdrawAgency(w.deps, w.operator, "CNES", "2026-06-01"));
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("CNES"), jane(m.id)), "agency_not_participating");
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("ESA"), jane(777)), "meeting_not_found");
  });

  it("refuses notices for a meeting held, with minutes issued, or cancelled", async () => {
    world = await meetingWorld("2026-06-01T08:00:00Z");
    const w = world;
    const cancelled = await newMeeting(w);
    must(await cancelMeeting(w.deps, w.operator, cancelled.id));
    expect(await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("ESA"), jane(cancelled.id)), "meeting_status")).toContain("cannot take advisor notices");

    const m = await newMeeting(w, { startsOn: "2026-06-10", endsOn: "2026-06-10" });
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id)));
    await w.advanceTo("2026-06-10T15:00:00Z");
    must(await recordMeetingHeld(w.deps, w.operator, m.id));
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { name: "Late Comer" })), "meeting_status");
    must(await issueMinutes(w.deps, w.operator, m.id, "Minutes"));
    await expectRefusedWithoutWrites(w, () => notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { name: "Late Comer" })), "meeting_status");
  });
});

describe("acknowledging a notice", () => {
  it("is for the Secretariat, once, and the delegation is told", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { notice } = must(await notifyAdvisor(w.deps, w.rep("CNES"), jane(m.id)));
    await expectRefusedWithoutWrites(w, () => acknowledgeAdvisorNotice(w.deps, w.rep("CNES"), notice.id), "role_required");
    await expectRefusedWithoutWrites(w, () => acknowledgeAdvisorNotice(w.deps, w.operator, notice.id + 100), "advisor_notice_not_found");

    const { notice: acknowledged } = must(await acknowledgeAdvisorNotice(w.deps, w.operator, notice.id));
    expect(acknowledged.acknowledgedAt).toEqual(w.clock.now());
    const told = outboxRows(w).filter((o) => o.data["event"] === "advisor.acknowledged");
    expect(told).toHaveLength(1);
    expect(told[0]!.audience).toEqual({ kind: "agency", agencyId: w.agency("CNES").id });
    expect(told[0]!.text).toContain("Jane Doe");
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "advisor.acknowledged", details: { noticeId: notice.id, agency: "CNES" } });

    expect(await expectRefusedWithoutWrites(w, () => acknowledgeAdvisorNotice(w.deps, w.operator, notice.id), "advisor_notice_acknowledged")).toContain("already acknowledged");
    expect(must(await listAdvisorNotices(w.deps, w.rep("ESA"), m.id)).notices[0]!.acknowledgedAt).not.toBeNull();
  });
});

describe("advisors never take a position", () => {
  it("an advisor's handle is no representative: the notice creates no person and their vote is refused", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const people = w.snapshot()["Person"]!.length;
    const { notice } = must(await notifyAdvisor(w.deps, w.rep("ESA"), jane(m.id, { name: "vera" })));
    must(await acknowledgeAdvisorNotice(w.deps, w.operator, notice.id));
    expect(w.snapshot()["Person"]!.length).toBe(people);

    const poll = must(await openPoll(w.deps, w.operator, { title: "Workplan", closesAt: later(w.clock.now(), 7 * DAY) }));
    const vote = await castPosition(w.deps, w.caller("vera"), { pollId: poll.id, stance: "concur" });
    expect(vote.ok ? "counted" : vote.refusal.reason).toBe("role_required");
    expect(must(await showPoll(w.deps, w.operator, poll.id)).tally.responded).toBe(0);
  });
});
