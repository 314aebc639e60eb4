import { z } from "zod";
import { PROCEDURES } from "../src/core/polls/poll.ts";
import { action, command, opt, type OptionSpec } from "./spec.ts";

/**
 * Shown as required (and required on Discord), but a missing acceptance reaches the core, which
 * refuses it with the reason: hosts bear local administrative costs. Any other word is not acceptance.
 */
const costs: OptionSpec<string | undefined, true> = {
  ...opt.choice(["accepted"], "accepted: the hosts bear local administrative costs", { required: true }),
  schema: z.string().trim().toLowerCase().optional(),
};

export const venue = command("venue", "Propose venues for meetings and agree them by consensus", {
  propose: action("Propose a venue for host agencies, who bear local costs", {
    meeting: opt.integer("Meeting number", { required: true, completion: "meeting" }),
    hosts: opt.agencies("Host agencies, such as ESA,CNES", { required: true }),
    city: opt.text("City", { required: true, max: 100 }),
    country: opt.text("Country", { required: true, max: 100 }),
    venue: opt.text("The venue itself, such as a conference centre", { max: 200 }),
    event: opt.text("An exploration event held alongside", { max: 300 }),
    starts: opt.date("Other first day the hosts propose (with ends:)"),
    ends: opt.date("Other last day the hosts propose (with starts:)"),
    costs,
  }),
  confirm: action("Confirm your agency's share of a venue's costs as one of its hosts", { id: opt.integer("Venue proposal number", { required: true }) }),
  list: action("List the venue proposals for a meeting", { meeting: opt.integer("Meeting number", { required: true, completion: "meeting" }) }, "meeting"),
  consensus: action("Put a venue proposal to a poll of kind venue", {
    id: opt.integer("Venue proposal number", { required: true }),
    closes: opt.when("Deadline: a date, a date-time or a duration such as 7d", { required: true }),
    procedure: opt.choice(PROCEDURES, "consensus (default) or silence procedure"),
  }),
});
