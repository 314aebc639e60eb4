import { cancelMeeting } from "../../core/meetings/cancelMeeting.ts";
import { createMeeting } from "../../core/meetings/createMeeting.ts";
import { issueMinutes } from "../../core/meetings/issueMinutes.ts";
import { manageCalendarFeed } from "../../core/meetings/calendarFeed.ts";
import type { Meeting } from "../../core/meetings/meeting.ts";
import { meetingCalendar } from "../../core/meetings/meetingCalendar.ts";
import { describeDates, describePlace, meetingLabel, upperFirst } from "../../core/meetings/meetingText.ts";
import { recordMeetingHeld } from "../../core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../core/meetings/scheduleMeeting.ts";
import { listMeetings, showMeeting } from "../../core/meetings/viewMeetings.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say, whisper } from "../reply.ts";
import { feedAddress } from "../calendarFeedRoute.ts";

const summary = (m: Meeting) => ({ id: m.id, kind: m.kind, title: m.title, status: m.status, startsOn: m.startsOn, endsOn: m.endsOn, timezone: m.timezone });

export const meetingHandlers: CommandHandlers<"meeting"> = {
  "meeting create": async (ctx, a) => {
    const r = await createMeeting(ctx.deps, ctx.caller, {
      title: a.title,
      startsOn: a.starts,
      endsOn: a.ends,
      kind: a.kind,
      timezone: a.timezone,
      event: a.event,
      onlineUrl: a.online,
    });
    if (!r.ok) return refused(r.refusal);
    const m = r.value;
    const next = m.onlineUrl ? `Held online (${m.onlineUrl}): schedule it with /meeting schedule id:${m.id}.` : `Hosts propose venues with /venue propose meeting:${m.id}.`;
    return say(`Created ${m.kind} ${meetingLabel(m)}: ${describeDates(m)}, in planning. ${next}`, { ...summary(m), onlineUrl: m.onlineUrl });
  },
  "meeting list": async (ctx) => {
    const r = await listMeetings(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const meetings = r.value;
    if (meetings.length === 0) return say("No meetings yet. The Secretariat creates one with /meeting create.", { meetings: [] });
    const lines = meetings.map((m) => {
      const place = describePlace(m);
      return `#${m.id} ${m.title} [${m.kind}] ${describeDates(m)} — ${m.status}${place ? `, ${place}` : ""}`;
    });
    return say(lines.join("\n"), { meetings: meetings.map(summary) });
  },
  "meeting show": async (ctx, a) => {
    const r = await showMeeting(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { meeting: m, hosts, proposals, advisors } = r.value;
    const lines = [
      `Meeting #${m.id}: ${m.title} [${m.kind}] — ${m.status}`,
      `Dates: ${describeDates(m)}`,
      `Venue: ${describePlace(m) ?? "not agreed yet"}${hosts.length ? `, hosted by ${hosts.join(", ")}` : ""}`,
      ...(m.event ? [`Alongside: ${m.event}`] : []),
      `Venue proposals: ${proposals.length ? proposals.map((p) => `#${p.id} ${p.city} (${p.hosts.join(",")}) ${p.status}`).join("; ") : "none"}`,
      `Advisors: ${advisors.notified} notified${advisors.notified ? ` (${advisors.late} late, ${advisors.unacknowledged} awaiting acknowledgement)` : ""}`,
      ...(m.heldAt ? [`Held: recorded ${timeMarker(m.heldAt)}`] : []),
      ...(m.minutesIssuedAt ? [`Minutes issued ${timeMarker(m.minutesIssuedAt)}:`, m.minutes ?? ""] : []),
    ];
    return say(lines.join("\n"), {
      ...summary(m),
      city: m.city,
      country: m.country,
      venue: m.venue,
      onlineUrl: m.onlineUrl,
      event: m.event,
      hosts,
      agreedProposalId: m.agreedProposalId,
      proposals: proposals.map((p) => ({ id: p.id, status: p.status })),
      advisors,
    });
  },
  "meeting schedule": async (ctx, a) => {
    const r = await scheduleMeeting(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { meeting: m, reminders } = r.value;
    const reminding = reminders.length ? `Delegations will be reminded ${reminders.map((d) => timeMarker(d)).join(", ")}.` : "Every reminder date has passed; nobody will be reminded.";
    return say(`${upperFirst(meetingLabel(m))} is scheduled: ${describeDates(m)}, ${describePlace(m)}. ${reminding}`, { ...summary(m), reminders: reminders.map((d) => d.toISOString()) });
  },
  "meeting ics": async (ctx, a) => {
    const r = await meetingCalendar(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    return whisper(`Calendar file for ${meetingLabel(r.value.meeting)}: ${r.value.filename}`, { id: r.value.meeting.id, filename: r.value.filename, ics: r.value.ics });
  },
  "meeting minutes": async (ctx, a) => {
    const r = await issueMinutes(ctx.deps, ctx.caller, a.id, a.text);
    if (!r.ok) return refused(r.refusal);
    return say(`Minutes of ${meetingLabel(r.value)} issued.`, summary(r.value));
  },
  "meeting held": async (ctx, a) => {
    const r = await recordMeetingHeld(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { meeting: m, minutesDueAt, annualAlerts } = r.value;
    const annual = annualAlerts.length ? ` The annual rule is checked ${annualAlerts.map((d) => timeMarker(d)).join(" and ")}.` : "";
    return say(`${upperFirst(meetingLabel(m))} is recorded as held. Minutes are due by ${timeMarker(minutesDueAt)}.${annual}`, {
      ...summary(m),
      minutesDueAt: minutesDueAt.toISOString(),
      annualAlerts: annualAlerts.map((d) => d.toISOString()),
    });
  },
  "meeting cancel": async (ctx, a) => {
    const r = await cancelMeeting(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const polls = r.value.withdrawnVenuePolls;
    const note = polls.length ? ` Its venue poll ${polls.map((p) => `#${p}`).join(", ")} is withdrawn.` : "";
    return say(`${upperFirst(meetingLabel(r.value.meeting))} is cancelled; its reminders are off.${note}`, { ...summary(r.value.meeting), withdrawnVenuePolls: polls });
  },
  "meeting feed": async (ctx, a) => {
    if (a.rotate === true && a.revoke === true) return whisper("Give rotate:true or revoke:true, not both: rotating already stops the old address.", { refused: "invalid_command" });
    const r = await manageCalendarFeed(ctx.deps, ctx.caller, a.revoke === true ? "revoke" : a.rotate === true ? "rotate" : "show");
    if (!r.ok) return refused(r.refusal);
    const answer = r.value;
    if (answer.state === "revoked") {
      return whisper(answer.existed ? "The calendar feed is turned off: its address no longer works. /meeting feed makes a new one." : "There was no calendar feed to turn off.", { feed: "revoked" });
    }
    if (answer.state === "exists") {
      return whisper(
        `The calendar feed exists since ${timeMarker(answer.since)}. I keep only a fingerprint of its address, so I cannot show it again: /meeting feed rotate:true makes a new address (the old one then stops working).`,
        { feed: "exists" },
      );
    }
    const address = feedAddress(ctx.publicUrl, answer.token);
    const lines = [
      `${answer.replaced ? "New calendar feed address (the old one no longer works)" : "Calendar feed address"}, shown this once; share it with the delegations, who subscribe to it once in their calendar: ${address}`,
      ...(ctx.publicUrl ? [] : ["(That is a path on the bot's HTTP port; set PUBLIC_URL to have the whole address here.)"]),
    ];
    return whisper(lines.join("\n"), { feed: "issued", address });
  },
};
