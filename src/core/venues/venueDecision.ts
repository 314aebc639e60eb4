// What the closing of a venue poll does to the meeting and its proposals, in the transaction that
// closes the poll (registered by kind in polls/adoptionEffects.ts).
import { agencyCodes } from "../meetings/loadMeeting.ts";
import { isUpcoming, type Meeting } from "../meetings/meeting.ts";
import { cancelMeetingReminders, scheduleMeetingReminders } from "../meetings/meetingJobs.ts";
import { describeDates, describePlace, listAnd, meetingLabel } from "../meetings/meetingText.ts";
import type { Outcome, Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";
import type { VenueProposal } from "./venueProposal.ts";
import { updateMeeting } from "../meetings/updateMeeting.ts";

async function subjectOf(tx: Tx, poll: Poll): Promise<{ proposal: VenueProposal; meeting: Meeting } | null> {
  const proposal = await tx.venueProposals.byId(Number(poll.subject?.["proposalId"]));
  const meeting = proposal ? await tx.meetings.byId(proposal.meetingId) : null;
  // A venue poll opened by hand (/poll open kind:venue) names no proposal and changes nothing.
  return proposal && meeting && meeting.groupId === poll.groupId ? { proposal, meeting } : null;
}

/**
 * Adopted: the proposal becomes the meeting's venue, with its hosts (and its dates, if it proposed
 * some). A meeting in planning moves to venue agreed; the other proposals are not agreed.
 */
export async function agreeVenue(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const found = await subjectOf(tx, poll);
  if (!found) return;
  const { proposal, meeting } = found;
  if (!isUpcoming(meeting)) {
    // Cancelled (or held) while the poll was open: there is no venue left to agree.
    await tx.venueProposals.update(proposal.id, { status: "not agreed" });
    await tx.audit.append({ groupId: poll.groupId, at, actorId, action: "venue.moot", subject: `meeting:${meeting.id}`, details: { proposalId: proposal.id, pollId: poll.id, status: meeting.status } });
    return;
  }

  const agreed: Meeting = {
    ...meeting,
    status: meeting.status === "planning" ? "venue agreed" : meeting.status,
    city: proposal.city,
    country: proposal.country,
    venue: proposal.venue,
    event: proposal.event ?? meeting.event,
    startsOn: proposal.startsOn ?? meeting.startsOn,
    endsOn: proposal.endsOn ?? meeting.endsOn,
    agreedProposalId: proposal.id,
    hostAgencyIds: proposal.hostAgencyIds,
  };
  await updateMeeting(tx, meeting, {
    status: agreed.status,
    city: agreed.city,
    country: agreed.country,
    venue: agreed.venue,
    event: agreed.event,
    startsOn: agreed.startsOn,
    endsOn: agreed.endsOn,
    agreedProposalId: proposal.id,
  }, at);
  await tx.meetings.setHosts(meeting.id, proposal.hostAgencyIds);
  await tx.venueProposals.update(proposal.id, { status: "agreed" });
  const competing = (await tx.venueProposals.listByMeeting(meeting.id)).filter((p) => p.id !== proposal.id && p.status !== "not agreed");
  for (const other of competing) await tx.venueProposals.update(other.id, { status: "not agreed" });

  // A scheduled meeting whose dates moved is reminded on its new dates.
  const datesMoved = agreed.startsOn !== meeting.startsOn;
  if (meeting.status === "scheduled" && datesMoved) {
    const group = await tx.groups.byId(poll.groupId);
    await cancelMeetingReminders(tx, meeting.id);
    if (group) await scheduleMeetingReminders(tx, agreed, group, at);
  }

  const hosts = proposal.hostAgencyIds.map(await agencyCodes(tx, poll.groupId));
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: "venue.agreed",
    subject: `meeting:${meeting.id}`,
    details: { proposalId: proposal.id, pollId: poll.id, city: agreed.city, country: agreed.country, venue: agreed.venue, hosts, notAgreed: competing.map((p) => p.id) },
  });
  const next = agreed.status === "venue agreed" ? ` The Secretariat schedules it with /meeting schedule id:${meeting.id}.` : "";
  await tx.outbox.enqueue(
    {
      groupId: poll.groupId,
      idempotencyKey: `meeting:${meeting.id}:venue-agreed:poll:${poll.id}`,
      audience: { kind: "channel", purpose: "announcements" },
      text: `Venue agreed for ${meetingLabel(agreed)}: ${describePlace(agreed)}, hosted by ${listAnd(hosts)}, ${describeDates(agreed)}.${next}`,
      data: { id: meeting.id, event: "venue.agreed", proposalId: proposal.id, pollId: poll.id },
    },
    at,
  );
}

/**
 * Not adopted or lapsed: the proposal is not agreed. Withdrawn: the poll decided nothing, so the
 * proposal is back to proposed and may be put to the group again.
 */
export async function releaseVenueProposal(tx: Tx, poll: Poll, outcome: Exclude<Outcome, "adopted">, at: Date, actorId: number | null): Promise<void> {
  const found = await subjectOf(tx, poll);
  if (!found || found.proposal.status !== "in poll" || found.proposal.pollId !== poll.id) return;
  const status = outcome === "withdrawn" ? "proposed" : "not agreed";
  await tx.venueProposals.update(found.proposal.id, { status });
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: outcome === "withdrawn" ? "venue.poll-withdrawn" : "venue.not-agreed",
    subject: `meeting:${found.meeting.id}`,
    details: { proposalId: found.proposal.id, pollId: poll.id, outcome },
  });
}
