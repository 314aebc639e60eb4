import { action, command, opt } from "./spec.ts";

export const agency = command("agency", "Record and look up the participating agencies", {
  add: action("Record an agency", {
    code: opt.agency("Short code, such as NASA", { required: true, completion: undefined }),
    name: opt.text("Full name of the agency", { required: true, max: 200 }),
    status: opt.choice(["participating", "invited"], "participating (default), or invited as a Framework Document contributor"),
    framework: opt.boolean("A contributor to the Framework Document, invited to join by accepting the Terms of Reference"),
  }),
  list: action("List the agencies and their status"),
  show: action("Show an agency and its delegation", { code: opt.agency("Agency code", { required: true }) }, "code"),
  withdraw: action("Record an agency's written notification of withdrawal", {
    code: opt.agency("Agency code", { required: true }),
    received: opt.date("Date the written notification was received", { required: true }),
  }),
  "accept-tor": action("Record an invited agency's acceptance of the Terms of Reference", {
    code: opt.agency("Agency code", { required: true }),
  }),
});
