import { action, command, opt } from "./spec.ts";

export const chair = command("chair", "The chair: record handovers and see who chairs and for how long", {
  set: action("Record a handover: the new chair and the day they took office", {
    agency: opt.agency("Agency the new chair represents", { required: true }),
    user: opt.user("The new chair", { required: true }),
    from: opt.date("First day in office", { required: true }),
  }),
  status: action("Show the current chair, since when, and every handover"),
});
