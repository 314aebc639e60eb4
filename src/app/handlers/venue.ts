import { deadline, pollLabel } from "../../core/polls/pollText.ts";
import { meetingLabel } from "../../core/meetings/meetingText.ts";
import { listVenueProposals } from "../../core/venues/listVenueProposals.ts";
import { confirmVenueHost } from "../../core/venues/confirmVenueHost.ts";
import { proposeVenue } from "../../core/venues/proposeVenue.ts";
import { putVenueToConsensus } from "../../core/venues/putVenueToConsensus.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";
import { isReply, whenOption } from "./when.ts";

export const venueHandlers: CommandHandlers<"venue"> = {
  "venue propose": async (ctx, a) => {
    const r = await proposeVenue(ctx.deps, ctx.caller, {
      meetingId: a.meeting,
      hosts: a.hosts,
      city: a.city,
      country: a.country,
      venue: a.venue,
      event: a.event,
      startsOn: a.starts,
      endsOn: a.ends,
      costsAccepted: a.costs === "accepted",
    });
    if (!r.ok) return refused(r.refusal);
    const { proposal: p, meeting, hosts, toConfirm } = r.value;
    const awaiting = toConfirm.map((h) => h.code);
    return say(
      `Recorded venue proposal #${p.id} for ${meetingLabel(meeting)}: ${p.city}, ${p.country}${p.venue ? ` (${p.venue})` : ""}, hosted by ${hosts.map((h) => h.code).join(", ")}. ` +
        (awaiting.length
          ? `${awaiting.join(" and ")} must first confirm their share of the costs with /venue confirm id:${p.id}; then the Secretariat or the chair puts it to the group.`
          : `The Secretariat or the chair puts it to the group with /venue consensus id:${p.id} closes:…`),
      { id: p.id, meetingId: meeting.id, status: p.status, hosts: hosts.map((h) => h.code), toConfirm: awaiting },
    );
  },
  "venue confirm": async (ctx, a) => {
    const r = await confirmVenueHost(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { proposal: p, meeting, code, remaining } = r.value;
    return say(
      `Recorded ${code}'s confirmation of its share of the costs of venue proposal #${p.id} for ${meetingLabel(meeting)}. ` +
        (remaining.length
          ? `Still to confirm: ${remaining.join(", ")} (/venue confirm id:${p.id}).`
          : `Every host has confirmed: the Secretariat or the chair puts it to the group with /venue consensus id:${p.id} closes:…`),
      { id: p.id, meetingId: meeting.id, confirmed: code, toConfirm: remaining },
    );
  },
  "venue list": async (ctx, a) => {
    const r = await listVenueProposals(ctx.deps, ctx.caller, a.meeting);
    if (!r.ok) return refused(r.refusal);
    const { meeting, proposals } = r.value;
    if (proposals.length === 0) return say(`No venue proposals for ${meetingLabel(meeting)} yet. Hosts propose one with /venue propose meeting:${meeting.id}.`, { meetingId: meeting.id, proposals: [] });
    const lines = proposals.map(
      (p) =>
        `#${p.id} ${p.city}, ${p.country}${p.venue ? ` (${p.venue})` : ""} — hosts ${p.hosts.join(", ")}, ${p.status}${p.pollId ? ` (poll #${p.pollId})` : ""}` +
        `${p.toConfirm.length ? ` (awaiting confirmation by ${p.toConfirm.join(", ")}: /venue confirm id:${p.id})` : ""}` +
        `${p.startsOn ? `, dates ${p.startsOn} to ${p.endsOn}` : ""}${p.event ? `, alongside ${p.event}` : ""}; proposed by ${p.proposedBy}`,
    );
    return say([`Venue proposals for ${meetingLabel(meeting)}:`, ...lines].join("\n"), {
      meetingId: meeting.id,
      proposals: proposals.map((p) => ({ id: p.id, status: p.status, city: p.city, country: p.country, hosts: p.hosts, toConfirm: p.toConfirm, pollId: p.pollId })),
    });
  },
  "venue consensus": async (ctx, a) => {
    const closesAt = whenOption(ctx, "closes", a.closes);
    if (isReply(closesAt)) return closesAt;
    const r = await putVenueToConsensus(ctx.deps, ctx.caller, { proposalId: a.id, closesAt, procedure: a.procedure });
    if (!r.ok) return refused(r.refusal);
    const { poll, proposal, meeting } = r.value;
    return say(`Venue proposal #${proposal.id} for ${meetingLabel(meeting)} is before the group: ${pollLabel(poll)}, closing ${deadline(poll)}.`, {
      id: poll.id,
      pollId: poll.id,
      proposalId: proposal.id,
      meetingId: meeting.id,
    });
  },
};
