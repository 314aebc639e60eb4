import { POLL_KINDS, PROCEDURES, STANCES } from "../src/core/polls/poll.ts";
import { action, command, opt } from "./spec.ts";

const pollId = () => opt.integer("Poll number", { required: true, completion: "poll" });
const openPollId = () => opt.integer("Poll number", { required: true, completion: "open-poll" });

export const poll = command("poll", "Decide by consensus: open polls, take positions, close them", {
  open: action("Open a poll", {
    title: opt.text("What is to be decided", { required: true, max: 200 }),
    text: opt.text("The full text of the proposal", { max: 3000 }),
    closes: opt.when("Deadline: a date, a date-time or a duration such as 7d", { required: true }),
    procedure: opt.choice(PROCEDURES, "consensus (default) or silence procedure"),
    quorum: opt.percent("Share of agencies that must respond, in percent (default: more than half)"),
    kind: opt.choice(POLL_KINDS, "What the poll decides (default general)"),
    year: opt.integer("For a workplan poll: the year whose workplan it adopts", { max: 9999 }),
  }),
  list: action("List polls", { status: opt.choice(["open", "closed"], "Only open or only closed polls") }, "status"),
  show: action("Show a poll, its tally and its history", { id: pollId() }, "id"),
  position: action("Set your agency's position (the latest counts)", {
    id: openPollId(),
    stance: opt.choice(STANCES, "concur, abstain (stand aside) or object (blocks)", { required: true }),
    reason: opt.text("Why you object (required with object)", { max: 1000 }),
    endorsed: opt.boolean("For a product: your agency has endorsed it internally"),
  }),
  close: action("Close a poll now and decide it on the positions cast", { id: openPollId() }, "id"),
  extend: action("Move a poll's deadline later", {
    id: openPollId(),
    closes: opt.when("New deadline", { required: true }),
  }),
  withdraw: action("Withdraw a poll without a decision", { id: openPollId() }, "id"),
  remind: action("Remind the agencies that have not responded", { id: openPollId() }, "id"),
});
