import { identify, type Caller } from "../access/actor.ts";
import { decide } from "../access/permissions.ts";
import { normaliseAgencyCode, type Agency } from "../agencies/agency.ts";
import type { Deps } from "../deps.ts";
import { loadMeetingToChange } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { listAnd, meetingLabel } from "../meetings/meetingText.ts";
import { calendarDate, localDate } from "../meetings/meetingTime.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { VenueProposal } from "./venueProposal.ts";

/** Tells the co-hosts still to confirm what they do; shared with /venue confirm's announcement. */
export const awaitingConfirmation = (codes: string[], proposalId: number): string =>
  `Awaiting the confirmation of ${listAnd(codes)}: a representative of each confirms their agency's share of the local costs with /venue confirm id:${proposalId}.`;

export interface ProposeVenueInput {
  meetingId: number;
  /** Codes of the host agencies. */
  hosts: string[];
  city: string;
  country: string;
  venue?: string | undefined;
  event?: string | undefined;
  /** Other dates the hosts propose, both or neither (YYYY-MM-DD in the meeting's zone). */
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  /** The hosts accept to bear local administrative costs; nothing is recorded without it. */
  costsAccepted: boolean;
}

export interface VenueProposed {
  proposal: VenueProposal;
  meeting: Meeting;
  hosts: Agency[];
  /** The hosts still to confirm their share (/venue confirm). */
  toConfirm: Agency[];
}

/**
 * A representative proposes a venue on behalf of their own agency and any co-hosts (the Secretariat
 * on behalf of any participating agencies). Several proposals may compete for one meeting.
 */
export async function proposeVenue(deps: Deps, caller: Caller, input: ProposeVenueInput): Promise<Result<VenueProposed>> {
  return deps.store.transaction(async (tx) => {
    // Who may propose at all is decided first; whether they may for these hosts once the hosts are known.
    const may = decide(await identify(tx, caller), "venue propose");
    if (!may.ok) return may;
    const person = may.value;
    const found = await loadMeetingToChange(tx, caller.groupId, input.meetingId);
    if (!found.ok) return found;
    const meeting = found.value;
    if (!isUpcoming(meeting)) return refuse({ reason: "meeting_status", id: meeting.id, status: meeting.status, action: "take venue proposals" });
    if (meeting.onlineUrl) return refuse({ reason: "meeting_online", id: meeting.id, onlineUrl: meeting.onlineUrl });

    const hosts: Agency[] = [];
    for (const code of [...new Set(input.hosts.map(normaliseAgencyCode))]) {
      const agency = await tx.agencies.byCode(caller.groupId, code);
      if (!agency) return refuse({ reason: "agency_not_found", code });
      if (agency.status !== "participating") return refuse({ reason: "venue_host_not_participating", code, status: agency.status });
      hosts.push(agency);
    }
    const codes = hosts.map((h) => h.code);
    if (!decide(person, "venue propose", { agencyIds: hosts.map((h) => h.id) }).ok) {
      const own = await tx.agencies.byId(person.agencyId!);
      return refuse({ reason: "venue_proposer_not_host", code: own?.code ?? "your agency", hosts: codes });
    }
    if (!input.costsAccepted) return refuse({ reason: "venue_costs_not_accepted", hosts: codes });

    const now = deps.clock.now();
    let startsOn: string | null = null;
    let endsOn: string | null = null;
    if (input.startsOn !== undefined || input.endsOn !== undefined) {
      if (input.startsOn === undefined || input.endsOn === undefined) return refuse({ reason: "venue_dates_incomplete" });
      startsOn = calendarDate(input.startsOn, meeting.timezone);
      if (!startsOn) return refuse({ reason: "invalid_date", option: "starts", value: input.startsOn });
      endsOn = calendarDate(input.endsOn, meeting.timezone);
      if (!endsOn) return refuse({ reason: "invalid_date", option: "ends", value: input.endsOn });
      if (endsOn < startsOn) return refuse({ reason: "meeting_ends_before_start", startsOn, endsOn });
      if (startsOn < localDate(now, meeting.timezone)) return refuse({ reason: "date_in_past", option: "starts" });
    }

    const proposal = await tx.venueProposals.create({
      meetingId: meeting.id,
      city: input.city.trim(),
      country: input.country.trim(),
      venue: input.venue?.trim() || null,
      event: input.event?.trim() || null,
      startsOn,
      endsOn,
      costsAccepted: true,
      proposedById: person.id,
      createdAt: now,
      hostAgencyIds: hosts.map((h) => h.id),
      // The proposer's costs:accepted binds their own agency only. The Secretariat bears no costs, so
      // on a proposal it makes on the hosts' behalf every host confirms its own share.
      confirmedAgencyIds: hosts.filter((h) => h.id === person.agencyId).map((h) => h.id),
    });
    const toConfirm = hosts.filter((h) => !proposal.confirmedAgencyIds.includes(h.id));
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: person.id,
      action: "venue.proposed",
      subject: `meeting:${meeting.id}`,
      details: { proposalId: proposal.id, hosts: codes, city: proposal.city, country: proposal.country, venue: proposal.venue, event: proposal.event, startsOn, endsOn, costsAccepted: true },
    });
    const dates = startsOn ? ` on ${startsOn === endsOn ? startsOn : `${startsOn} to ${endsOn}`}` : "";
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `venue:${proposal.id}:proposed`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `Venue proposal #${proposal.id} for ${meetingLabel(meeting)}: ${proposal.city}, ${proposal.country}${proposal.venue ? ` (${proposal.venue})` : ""}${dates}, ` +
          `hosted by ${listAnd(codes)}, who bear the local administrative costs${proposal.event ? `; alongside: ${proposal.event}` : ""}. ` +
          (toConfirm.length ? `${awaitingConfirmation(toConfirm.map((h) => h.code), proposal.id)} Then the` : "The") +
          ` Secretariat or the chair puts it to the group with /venue consensus id:${proposal.id}.`,
        data: { id: proposal.id, meetingId: meeting.id, event: "venue.proposed" },
      },
      now,
    );
    return ok({ proposal, meeting, hosts, toConfirm });
  });
}
