import { action, command, opt } from "./spec.ts";

export const advisor = command("advisor", "Notify the Secretariat of the advisors a delegation brings to a meeting", {
  notify: action("Notify an advisor of your delegation for a meeting; advisors never take positions", {
    meeting: opt.integer("Meeting number", { required: true, completion: "meeting" }),
    name: opt.text("The advisor's full name", { required: true, max: 200 }),
    affiliation: opt.text("Who the advisor works for", { required: true, max: 200 }),
    purpose: opt.text("Why the advisor attends", { required: true, max: 1000 }),
    conflicts: opt.text('Conflict-of-interest declaration, or "none"', { required: true, max: 1000 }),
  }),
  list: action("List the advisors notified for a meeting", { meeting: opt.integer("Meeting number", { required: true, completion: "meeting" }) }, "meeting"),
  ack: action("Acknowledge an advisor notice; the delegation is told", { id: opt.integer("Advisor notice number", { required: true }) }, "id"),
});
