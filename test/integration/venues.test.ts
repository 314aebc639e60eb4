// Venue proposals through the core on a real SQLite file: who may propose for whom, the acceptance
// of local costs, competing proposals, the venue poll, and what its outcome does to the meeting.
import { afterEach, describe, expect, it } from "vitest";
import { acceptTermsOfReference, withdrawAgency } from "../../src/core/agencies/manageAgencies.ts";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { recordMeetingHeld } from "../../src/core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { showMeeting } from "../../src/core/meetings/viewMeetings.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { showPoll } from "../../src/core/polls/viewPolls.ts";
import { withdrawPoll } from "../../src/core/polls/withdrawPoll.ts";
import { listVenueProposals } from "../../src/core/venues/listVenueProposals.ts";
import { confirmVenueHost } from "../../src/core/venues/confirmVenueHost.ts";
import { proposeVenue, type ProposeVenueInput } from "../../src/core/venues/proposeVenue.ts";
import { putVenueToConsensus } from "../../src/core/venues/putVenueToConsensus.ts";
import { auditRows, expectRefusedWithoutWrites, jobRows, outboxRows } from "../support/governance.ts";
import { must } from "../support/group.ts";
import { agreeVenue, meetingWorld, newMeeting, type Code, type MeetingWorld } from "../support/meetingWorld.ts";
import { DAY } from "../support/time.ts";

let world: MeetingWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

const inDays = (w: MeetingWorld, days: number) => new Date(w.clock.now().getTime() + days * DAY);
const noordwijk = (meetingId: number, extra: Partial<ProposeVenueInput> = {}): ProposeVenueInput => ({
  meetingId,
  hosts: ["ESA", "CNES"],
  city: "Noordwijk",
  country: "Netherlands",
  venue: "ESTEC",
  costsAccepted: true,
  ...extra,
});
const tokyo = (meetingId: number, extra: Partial<ProposeVenueInput> = {}): ProposeVenueInput => ({
  meetingId,
  hosts: ["JAXA"],
  city: "Tokyo",
  country: "Japan",
  event: "Space exploration fair",
  costsAccepted: true,
  ...extra,
});
/** Proposed by ESA (bruno), then CNES (emile) confirms its share, so that it can go to the group. */
async function proposedAndConfirmed(w: MeetingWorld, input: ProposeVenueInput) {
  const proposed = must(await proposeVenue(w.deps, w.rep("ESA"), input));
  must(await confirmVenueHost(w.deps, w.rep("CNES"), proposed.proposal.id));
  return proposed;
}
async function everyoneSays(w: MeetingWorld, pollId: number, stances: Partial<Record<Code, "concur" | "abstain" | "object">>) {
  for (const [code, stance] of Object.entries(stances)) {
    must(await castPosition(w.deps, w.rep(code as Code), { pollId, stance, ...(stance === "object" ? { reason: "Too far for us" } : {}) }));
  }
}

describe("co-hosts confirm their share of the costs", () => {
  it("refuses consensus until every co-host has confirmed, naming who and how, then allows it", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal, toConfirm } = must(await proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id)));
    // The proposer's own agency accepted the costs with costs:accepted; CNES has not yet.
    expect(toConfirm.map((h) => h.code)).toEqual(["CNES"]);
    expect(proposal.confirmedAgencyIds).toEqual([w.agency("ESA").id]);
    const awaited = outboxRows(w).find((o) => o.idempotencyKey === `venue:${proposal.id}:proposed`);
    expect(awaited?.text).toContain(`Awaiting the confirmation of CNES`);
    expect(awaited?.text).toContain(`/venue confirm id:${proposal.id}`);
    expect(must(await listVenueProposals(w.deps, w.rep("JAXA"), m.id)).proposals[0]?.toConfirm).toEqual(["CNES"]);

    const message = await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }), "venue_hosts_unconfirmed");
    expect(message).toContain("CNES");
    expect(message).toContain(`/venue confirm id:${proposal.id}`);

    const confirmed = must(await confirmVenueHost(w.deps, w.rep("CNES"), proposal.id));
    expect(confirmed).toMatchObject({ code: "CNES", remaining: [] });
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "venue.host-confirmed", details: { proposalId: proposal.id, host: "CNES", remaining: [] } });
    expect(outboxRows(w).find((o) => o.idempotencyKey === `venue:${proposal.id}:confirmed:${w.agency("CNES").id}`)?.text).toContain("Every host has confirmed");
    expect(must(await listVenueProposals(w.deps, w.rep("JAXA"), m.id)).proposals[0]?.toConfirm).toEqual([]);
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    expect(poll.kind).toBe("venue");
  });

  it("refuses a confirmation by a non-host agency, a second confirmation, and one for a proposal no longer proposed", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal } = must(await proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id)));
    expect(await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.rep("JAXA"), proposal.id), "venue_confirmer_not_host")).toContain("You represent JAXA");
    // The proposer's agency is confirmed already, by costs:accepted.
    await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.rep("ESA"), proposal.id), "venue_host_already_confirmed");
    await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.chair, proposal.id), "role_required");
    await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.rep("CNES"), proposal.id + 99), "venue_proposal_not_found");
    must(await confirmVenueHost(w.deps, w.rep("CNES"), proposal.id));
    expect(await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.rep("CNES"), proposal.id), "venue_host_already_confirmed")).toContain("CNES has already confirmed");

    // Proposed by the Secretariat, every host confirms, and once the proposal is before the group a late one is refused.
    const bySecretariat = must(await proposeVenue(w.deps, w.operator, { ...tokyo(m.id), hosts: ["JAXA", "NASA"] }));
    expect(bySecretariat.toConfirm.map((h) => h.code)).toEqual(["JAXA", "NASA"]);
    must(await confirmVenueHost(w.deps, w.rep("JAXA"), bySecretariat.proposal.id));
    await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.operator, { proposalId: bySecretariat.proposal.id, closesAt: inDays(w, 7) }), "venue_hosts_unconfirmed");
    // A meeting cancelled takes no more confirmations.
    must(await cancelMeeting(w.deps, w.operator, m.id));
    await expectRefusedWithoutWrites(w, () => confirmVenueHost(w.deps, w.rep("NASA"), bySecretariat.proposal.id), "meeting_status");
  });

  it("lets a single host's proposal go to the group at once, as before", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal, toConfirm } = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id)));
    expect(toConfirm).toEqual([]);
    expect(outboxRows(w).find((o) => o.idempotencyKey === `venue:${proposal.id}:proposed`)?.text).not.toContain("Awaiting");
    must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
  });
});

describe("proposing a venue", () => {
  it("records a host's proposal with its hosts, audited and announced", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal, hosts } = must(await proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id, { hosts: ["esa", "cnes", "ESA"] })));
    expect(proposal).toMatchObject({ status: "proposed", city: "Noordwijk", country: "Netherlands", venue: "ESTEC", costsAccepted: true, pollId: null });
    expect(hosts.map((h) => h.code)).toEqual(["ESA", "CNES"]);
    expect(proposal.hostAgencyIds.sort()).toEqual([w.agency("ESA").id, w.agency("CNES").id].sort());
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "venue.proposed", details: { proposalId: proposal.id, hosts: ["ESA", "CNES"], costsAccepted: true } });
    const announced = outboxRows(w).find((o) => o.idempotencyKey === `venue:${proposal.id}:proposed`);
    expect(announced?.audience).toEqual({ kind: "channel", purpose: "announcements" });
    expect(announced?.text).toContain("bear the local administrative costs");
  });

  it("refuses a proposal without the acceptance of local costs, saying why", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const message = await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id, { costsAccepted: false })), "venue_costs_not_accepted");
    expect(message).toContain("bear the local administrative costs");
    expect(message).toContain("costs:accepted");
    expect(message).toContain("ESA and CNES");
  });

  it("lets several proposals compete for one meeting", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    must(await proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id)));
    must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id)));
    // The Secretariat proposes on behalf of any participating hosts.
    must(await proposeVenue(w.deps, w.operator, { ...tokyo(m.id), hosts: ["NASA"], city: "Houston", country: "USA" }));
    const { proposals } = must(await listVenueProposals(w.deps, w.rep("CNES"), m.id));
    expect(proposals.map((p) => [p.city, p.hosts.join(","), p.proposedBy, p.status])).toEqual([
      ["Noordwijk", "ESA,CNES", "bruno", "proposed"],
      ["Tokyo", "JAXA", "chiyo", "proposed"],
      ["Houston", "NASA", "operator", "proposed"],
    ]);
  });

  it("takes hosts only among participating agencies, and a representative only for their own agency", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    expect(await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id, { hosts: ["ESA", "ISRO"] })), "venue_host_not_participating")).toContain("ISRO is invited");
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id, { hosts: ["ESA", "XYZ"] })), "agency_not_found");
    expect(await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), tokyo(m.id)), "venue_proposer_not_host")).toContain("You represent ESA");
    // The chair holds no agency and is not the Secretariat.
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.chair, noordwijk(m.id)), "role_required");
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.caller("stranger"), noordwijk(m.id)), "role_required");
    must(await withdrawAgency(w.deps, w.operator, "CNES", "2026-06-01"));
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), noordwijk(m.id)), "venue_host_not_participating");
    // An invited contributor that joins can host.
    must(await acceptTermsOfReference(w.deps, w.operator, "ISRO"));
    must(await proposeVenue(w.deps, w.operator, { ...tokyo(m.id), hosts: ["ISRO"], city: "Bengaluru", country: "India" }));
  });

  it("refuses proposals for a meeting cancelled or held, and for a meeting unknown", async () => {
    world = await meetingWorld();
    const w = world;
    const cancelled = await newMeeting(w);
    must(await cancelMeeting(w.deps, w.operator, cancelled.id));
    expect(await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("ESA"), noordwijk(cancelled.id)), "meeting_status")).toContain("cancelled");

    const held = await newMeeting(w, { startsOn: "2026-06-05", endsOn: "2026-06-05" });
    await agreeVenue(w, held.id);
    must(await scheduleMeeting(w.deps, w.operator, held.id));
    await w.advanceTo("2026-06-05T12:00:00Z");
    must(await recordMeetingHeld(w.deps, w.operator, held.id));
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("JAXA"), tokyo(held.id)), "meeting_status");
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("JAXA"), tokyo(404)), "meeting_not_found");
  });

  it("checks proposed dates: both or neither, in order, not past", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-11-02" })), "venue_dates_incomplete");
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-11-02", endsOn: "2026-11-01" })), "meeting_ends_before_start");
    await expectRefusedWithoutWrites(w, () => proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-05-02", endsOn: "2026-05-03" })), "date_in_past");
    const { proposal } = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-11-02", endsOn: "2026-11-04" })));
    expect(proposal).toMatchObject({ startsOn: "2026-11-02", endsOn: "2026-11-04" });
  });
});

describe("putting a venue to consensus", () => {
  it("opens a venue poll in the same transaction, for the Secretariat or the chair only", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal } = (await proposedAndConfirmed(w, noordwijk(m.id)));
    await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.rep("ESA"), { proposalId: proposal.id, closesAt: inDays(w, 7) }), "role_required");
    await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.chair, { proposalId: proposal.id, closesAt: new Date(w.clock.now().getTime() - 1000) }), "date_in_past");
    await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.chair, { proposalId: 999, closesAt: inDays(w, 7) }), "venue_proposal_not_found");

    const { poll } = must(await putVenueToConsensus(w.deps, w.chair, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    expect(poll).toMatchObject({ kind: "venue", status: "open", subject: { proposalId: proposal.id, meetingId: m.id } });
    expect(poll.text).toContain("hosted by ESA and CNES");
    const { proposals } = must(await listVenueProposals(w.deps, w.operator, m.id));
    expect(proposals[0]).toMatchObject({ status: "in poll", pollId: poll.id });
    expect(outboxRows(w).some((o) => o.idempotencyKey === `poll:${poll.id}:opened`)).toBe(true);
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "venue.put-to-consensus", details: { proposalId: proposal.id, pollId: poll.id } });
  });

  it("refuses a proposal already in a poll, and a competing one while the meeting's venue poll is open", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const first = (await proposedAndConfirmed(w, noordwijk(m.id))).proposal;
    const second = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id))).proposal;
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: first.id, closesAt: inDays(w, 7) }));
    expect(await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.operator, { proposalId: first.id, closesAt: inDays(w, 7) }), "venue_proposal_status")).toContain(
      `poll #${poll.id}`,
    );
    expect(await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.operator, { proposalId: second.id, closesAt: inDays(w, 7) }), "venue_poll_open")).toContain(
      `/poll withdraw id:${poll.id}`,
    );
  });
});

describe("the outcome of a venue poll", () => {
  it("adopted: the meeting gets the venue, its hosts and status venue agreed; competitors are not agreed", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w, { event: "Original event" });
    const winner = (await proposedAndConfirmed(w, noordwijk(m.id, { event: "Lunar symposium" }))).proposal;
    const loser = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id))).proposal;
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: winner.id, closesAt: inDays(w, 7) }));
    await everyoneSays(w, poll.id, { ESA: "concur", CNES: "concur", JAXA: "abstain", NASA: "concur" });

    expect(must(await showPoll(w.deps, w.operator, poll.id)).poll.outcome).toBe("adopted");
    const view = must(await showMeeting(w.deps, w.operator, m.id));
    expect(view.meeting).toMatchObject({ status: "venue agreed", city: "Noordwijk", country: "Netherlands", venue: "ESTEC", event: "Lunar symposium", agreedProposalId: winner.id });
    expect(view.hosts).toEqual(["ESA", "CNES"]);
    expect(view.proposals.map((p) => [p.id, p.status])).toEqual([
      [winner.id, "agreed"],
      [loser.id, "not agreed"],
    ]);
    expect(auditRows(w, { subject: `meeting:${m.id}` }).at(-1)).toMatchObject({ action: "venue.agreed", details: { proposalId: winner.id, pollId: poll.id, notAgreed: [loser.id] } });
    const announced = outboxRows(w).find((o) => o.data["event"] === "venue.agreed");
    expect(announced?.text).toContain("Noordwijk, Netherlands (ESTEC), hosted by ESA and CNES");
    expect(announced?.audience).toEqual({ kind: "channel", purpose: "announcements" });
  });

  it("adopted with other dates: the meeting moves to them", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal } = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-11-02", endsOn: "2026-11-04" })));
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    await everyoneSays(w, poll.id, { ESA: "concur", CNES: "concur", JAXA: "concur", NASA: "concur" });
    const { meeting, hosts } = must(await showMeeting(w.deps, w.operator, m.id));
    expect(meeting).toMatchObject({ startsOn: "2026-11-02", endsOn: "2026-11-04", event: "Space exploration fair", city: "Tokyo" });
    expect(hosts).toEqual(["JAXA"]);
  });

  it("a new venue agreed for a scheduled meeting on new dates moves its reminders", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    await agreeVenue(w, m.id);
    must(await scheduleMeeting(w.deps, w.operator, m.id));
    const { proposal } = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id, { startsOn: "2026-11-02", endsOn: "2026-11-04" })));
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    await everyoneSays(w, poll.id, { ESA: "concur", CNES: "concur", JAXA: "concur", NASA: "concur" });

    const view = must(await showMeeting(w.deps, w.operator, m.id));
    expect(view.meeting).toMatchObject({ status: "scheduled", city: "Tokyo", startsOn: "2026-11-02" });
    expect(view.hosts).toEqual(["JAXA"]);
    const reminders = jobRows(w).filter((j) => j.kind === "meeting.remind");
    expect(reminders.filter((j) => j.status === "pending").map((j) => j.dueAt.toISOString())).toEqual([
      "2026-08-04T09:00:00.000Z",
      "2026-10-03T09:00:00.000Z",
      "2026-10-26T09:00:00.000Z",
      "2026-11-01T09:00:00.000Z",
    ]);
    expect(reminders.filter((j) => j.status === "cancelled")).toHaveLength(4);
  });

  it("not adopted or lapsed: the proposal is not agreed and the meeting stays in planning", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const blocked = must(await proposeVenue(w.deps, w.rep("JAXA"), tokyo(m.id))).proposal;
    const first = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: blocked.id, closesAt: inDays(w, 7) })).poll;
    await everyoneSays(w, first.id, { ESA: "object", CNES: "concur", JAXA: "concur", NASA: "concur" });
    expect(must(await showPoll(w.deps, w.operator, first.id)).poll.status).toBe("open");
    expect(must(await closePoll(w.deps, w.chair, first.id)).outcome).toBe("not adopted");

    const quiet = (await proposedAndConfirmed(w, noordwijk(m.id))).proposal;
    const second = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: quiet.id, closesAt: inDays(w, 7) })).poll;
    expect(must(await closePoll(w.deps, w.chair, second.id)).outcome).toBe("lapsed");

    const view = must(await showMeeting(w.deps, w.operator, m.id));
    expect(view.meeting).toMatchObject({ status: "planning", city: null, agreedProposalId: null });
    expect(view.hosts).toEqual([]);
    expect(view.proposals.map((p) => p.status)).toEqual(["not agreed", "not agreed"]);
    expect(await expectRefusedWithoutWrites(w, () => putVenueToConsensus(w.deps, w.operator, { proposalId: blocked.id, closesAt: inDays(w, 7) }), "venue_proposal_status")).toContain(
      "/venue propose",
    );
  });

  it("withdrawn: the proposal is back to proposed and can be put again", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal } = (await proposedAndConfirmed(w, noordwijk(m.id)));
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    must(await withdrawPoll(w.deps, w.operator, poll.id));
    expect(must(await listVenueProposals(w.deps, w.operator, m.id)).proposals[0]!.status).toBe("proposed");
    const again = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    expect(again.poll.id).not.toBe(poll.id);
  });

  it("cancelling the meeting withdraws its open venue poll, in the same transaction, and the proposal is not agreed", async () => {
    world = await meetingWorld();
    const w = world;
    const m = await newMeeting(w);
    const { proposal } = (await proposedAndConfirmed(w, noordwijk(m.id)));
    const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposal.id, closesAt: inDays(w, 7) }));
    const cancelled = must(await cancelMeeting(w.deps, w.operator, m.id));
    expect(cancelled.withdrawnVenuePolls).toEqual([poll.id]);
    const shown = must(await showPoll(w.deps, w.operator, poll.id));
    expect(shown.poll).toMatchObject({ status: "closed", outcome: "withdrawn" });
    expect(shown.decision?.outcome).toBe("withdrawn");
    await expectRefusedWithoutWrites(w, () => castPosition(w.deps, w.rep("ESA"), { pollId: poll.id, stance: "concur" }), "poll_closed");
    const view = must(await showMeeting(w.deps, w.operator, m.id));
    expect(view.meeting).toMatchObject({ status: "cancelled", city: null });
    expect(view.proposals[0]!.status).toBe("not agreed");
    const announced = outboxRows(w).find((o) => o.data["event"] === "meeting.cancelled");
    expect(announced!.text).toContain(`Its venue poll #${poll.id} is withdrawn.`);
    expect(jobRows(w, "poll.").filter((j) => j.status === "pending")).toEqual([]);
  });
});
