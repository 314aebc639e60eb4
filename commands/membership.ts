import { action, command, opt } from "./spec.ts";

export const membership = command("membership", "Admit new agencies: record their written request to join, which opens a membership poll", {
  request: action("Record an agency's written request to join and open its membership poll", {
    code: opt.agency("Short code of the applicant, such as KARI", { required: true, completion: undefined }),
    name: opt.text("Full name of the applicant agency", { required: true, max: 200 }),
    received: opt.date("Date the executive-level written request was received", { required: true }),
    objectives: opt.text("The agency's stated objectives for joining", { required: true, max: 1500 }),
    closes: opt.when("Deadline of the membership poll (default 14d)"),
  }),
});
