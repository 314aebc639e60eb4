import { MEETING_KINDS } from "../src/core/meetings/meeting.ts";
import { action, command, opt } from "./spec.ts";

const meetingId = () => opt.integer("Meeting number", { required: true, completion: "meeting" });

export const meeting = command("meeting", "Plan meetings: dates, venue, status, calendar and minutes", {
  create: action("Create a meeting in planning; hosts then propose venues", {
    title: opt.text("Title of the meeting", { required: true, max: 200 }),
    starts: opt.date("First day, in the meeting's time zone", { required: true }),
    ends: opt.date("Last day, in the meeting's time zone", { required: true }),
    kind: opt.choice(MEETING_KINDS, "plenary (default), working-group or workshop"),
    timezone: opt.timezone("The meeting's time zone, such as Europe/Paris (default: the group's)"),
    event: opt.text("An exploration event held alongside", { max: 300 }),
    online: opt.url("Online meeting: its videoconference link (https://…); scheduled directly, no venue to agree"),
  }),
  list: action("List the meetings"),
  show: action("Show a meeting: dates, status, venue, hosts, proposals and advisors", { id: meetingId() }, "id"),
  schedule: action("Confirm a meeting whose venue is agreed, or an online one; delegations are reminded before it", { id: meetingId() }, "id"),
  ics: action("Get a meeting as a calendar file (.ics)", { id: meetingId() }, "id"),
  minutes: action("Issue the minutes of a meeting held", {
    id: meetingId(),
    text: opt.text("The minutes", { required: true, max: 6000 }),
  }),
  held: action("Record that a scheduled meeting has taken place", { id: meetingId() }, "id"),
  cancel: action("Cancel a meeting that has not been held", { id: meetingId() }, "id"),
  feed: action("Get the group's calendar feed address, which delegates subscribe to once", {
    rotate: opt.boolean("Make a new address; the old one stops working"),
    revoke: opt.boolean("Turn the feed off; the address stops working"),
  }),
});
