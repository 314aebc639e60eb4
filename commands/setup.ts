import { CHANNEL_PURPOSES } from "../src/core/setup/group.ts";
import { MAX_OFFSETS, SETTING_BOUNDS as B } from "../src/core/setup/settingBounds.ts";
import { action, command, opt } from "./spec.ts";

const offsets = (bound: (typeof B)[keyof typeof B]) => ({ min: bound.min, max: bound.max, unit: bound.unit, most: MAX_OFFSETS });

export const setup = command("setup", "Configure the group and bind channels", {
  channel: action("Bind this channel to a purpose", { purpose: opt.choice(CHANNEL_PURPOSES, "announcements or secretariat", { required: true }) }, "purpose"),
  timezone: action("Set the group's time zone", { zone: opt.timezone("IANA time zone, such as Europe/Paris", { required: true }) }, "zone"),
  mandate: action("Set the date the group's mandate ends", { ends: opt.date("Last day of the mandate", { required: true }) }, "ends"),
  reminders: action("Show or change when the group is reminded (comma-separated offsets)", {
    poll: opt.offsets("Hours before a poll's deadline, such as 72,24", offsets(B.pollReminderHours)),
    meeting: opt.offsets("Days before a meeting starts, such as 90,30,7,1", offsets(B.meetingReminderDays)),
    annual: opt.offsets("Months after the last plenary held for the annual-meeting alerts, such as 9,11", offsets(B.annualAlertMonths)),
    chair: opt.offsets("Months into a chair's term: succession reminder, overdue alert, such as 12,18", offsets(B.chairAlertMonths)),
    mandate: opt.offsets("Months before the mandate ends, such as 12,6", offsets(B.mandateAlertMonths)),
    minutes: opt.integer("Days after a meeting before minutes are chased", B.minutesReminderDays),
    fold: opt.integer("Hours after which missed reminders are summed up instead of sent", B.catchUpFoldHours),
    notice: opt.integer("Days before a meeting that advisor notices are due", B.advisorNoticeDays),
  }),
});
