import { bindChannel, setMandate, setTimezone } from "../../core/setup/configureGroup.ts";
import { configureReminders } from "../../core/setup/configureReminders.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const setupHandlers: CommandHandlers<"setup"> = {
  "setup channel": async (ctx, a) => {
    const purpose = a.purpose;
    const r = await bindChannel(ctx.deps, ctx.caller, ctx.channelId, purpose);
    if (!r.ok) return refused(r.refusal);
    return say(r.value.created ? `This channel now receives the ${purpose} messages.` : `This channel already receives the ${purpose} messages.`, { purpose });
  },
  "setup timezone": async (ctx, a) => {
    const r = await setTimezone(ctx.deps, ctx.caller, a.zone);
    if (!r.ok) return refused(r.refusal);
    return say(`The group's time zone is now ${r.value.timezone}.`, { timezone: r.value.timezone });
  },
  "setup reminders": async (ctx, a) => {
    const settings = {
      pollReminderHours: a.poll,
      meetingReminderDays: a.meeting,
      annualAlertMonths: a.annual,
      chairAlertMonths: a.chair?.slice().reverse(),
      mandateAlertMonths: a.mandate,
      minutesReminderDays: a.minutes,
      catchUpFoldHours: a.fold,
      advisorNoticeDays: a.notice,
    };
    const r = await configureReminders(ctx.deps, ctx.caller, settings);
    if (!r.ok) return refused(r.refusal);
    const g = r.value;
    const lines = [
      `Polls: ${g.pollReminderHours.join(", ")} h before the deadline`,
      `Meetings: ${g.meetingReminderDays.join(", ")} days before the start`,
      `Annual meeting alerts: ${g.annualAlertMonths.join(", ")} months after the last plenary held`,
      `Chair: succession reminder at ${g.chairAlertMonths[0]} months, overdue alert at ${g.chairAlertMonths[1]} months`,
      `Mandate: ${g.mandateAlertMonths.join(", ")} months before it ends`,
      `Minutes chased ${g.minutesReminderDays} days after a meeting; advisor notices due ${g.advisorNoticeDays} days before`,
      `Missed reminders older than ${g.catchUpFoldHours} h are summed up`,
    ];
    // The fold threshold and the advisors' notice period move no planned reminder.
    const { catchUpFoldHours: _fold, advisorNoticeDays: _notice, ...offsets } = settings;
    if (Object.values(offsets).some((v) => v !== undefined)) lines.push("Reminders already planned now follow these settings; those already sent stay sent.");
    return say(lines.join("\n"), { reminders: g });
  },
  "setup mandate": async (ctx, a) => {
    const r = await setMandate(ctx.deps, ctx.caller, a.ends);
    if (!r.ok) return refused(r.refusal);
    return say(`The group's mandate now runs to ${r.value.mandateEndsOn}, its last day.`, { mandateEndsOn: r.value.mandateEndsOn });
  },
};
