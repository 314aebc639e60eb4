// The group the meeting, venue and advisor tests share, built with buildGroup: four participating
// agencies whose heads have names (so texts read like real ones), both shell channels bound, an invited
// framework contributor (ISRO) with nobody yet, and a chair without an agency.
import type { Caller } from "../../src/core/access/actor.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { createMeeting, type CreateMeetingInput } from "../../src/core/meetings/createMeeting.ts";
import type { Meeting } from "../../src/core/meetings/meeting.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { proposeVenue, type ProposeVenueInput } from "../../src/core/venues/proposeVenue.ts";
import { confirmVenueHost } from "../../src/core/venues/confirmVenueHost.ts";
import { hostsToConfirm } from "../../src/core/venues/venueProposal.ts";
import { putVenueToConsensus } from "../../src/core/venues/putVenueToConsensus.ts";
import { buildGroup, legacyChairRole, must, type TestGroup } from "./group.ts";
import { DAY, later } from "./time.ts";

export const REPRESENTATIVES = { ESA: "bruno", CNES: "emile", JAXA: "chiyo", NASA: "alice" } as const;
export type Code = keyof typeof REPRESENTATIVES;

export interface MeetingWorld extends TestGroup {
  /** Holds the chair role and belongs to no agency. */
  chair: Caller;
}

export async function meetingWorld(start = "2026-06-01T08:00:00Z", zone = "UTC"): Promise<MeetingWorld> {
  const g = await buildGroup({
    agencies: Object.keys(REPRESENTATIVES),
    representativeHandle: (code) => REPRESENTATIVES[code as Code],
    channels: ["announcements", "secretariat"],
    start,
    timezone: zone,
  });
  const isro = must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO agency", status: "invited", frameworkContributor: true }));
  g.agencies.push({ id: isro.id, code: isro.code, representatives: [] });
  await legacyChairRole(g, "carla");
  return { ...g, chair: g.caller("carla") };
}

export async function newMeeting(w: MeetingWorld, input: Partial<CreateMeetingInput> = {}): Promise<Meeting> {
  return must(await createMeeting(w.deps, w.operator, { title: "Plenary", startsOn: "2026-10-12", endsOn: "2026-10-14", ...input }));
}

/** A venue proposed by ESA and CNES (bruno), CNES's share confirmed (emile), put to consensus by the Secretariat, and adopted by every agency. */
export async function agreeVenue(w: MeetingWorld, meetingId: number, proposal: Partial<ProposeVenueInput> = {}): Promise<{ proposalId: number; pollId: number }> {
  const proposed = must(
    await proposeVenue(w.deps, w.rep("ESA"), { meetingId, hosts: ["ESA", "CNES"], city: "Noordwijk", country: "Netherlands", venue: "ESTEC", costsAccepted: true, ...proposal }),
  );
  for (const id of hostsToConfirm(proposed.proposal)) {
    const code = proposed.hosts.find((h) => h.id === id)!.code as Code;
    must(await confirmVenueHost(w.deps, w.rep(code), proposed.proposal.id));
  }
  const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposed.proposal.id, closesAt: later(w.clock.now(), 7 * DAY) }));
  for (const code of Object.keys(REPRESENTATIVES) as Code[]) must(await castPosition(w.deps, w.rep(code), { pollId: poll.id, stance: "concur" }));
  return { proposalId: proposed.proposal.id, pollId: poll.id };
}
