import { PLATFORMS } from "../src/core/people/person.ts";
import { action, command, opt } from "./spec.ts";

export const delegate = command("delegate", "Designate the representatives who speak for each agency", {
  add: action("Designate a representative of an agency", {
    agency: opt.agency("Agency code", { required: true }),
    user: opt.user("The person", { required: true }),
    head: opt.boolean("Make them head of delegation"),
  }),
  remove: action("Remove a representative", { user: opt.user("The person", { required: true }) }),
  list: action("List the representatives, for every agency or one", { agency: opt.agency("Agency code") }, "agency"),
  link: action("Link a person's account on another platform, so both speak with one voice", {
    user: opt.user("The person", { required: true }),
    platform: opt.choice(PLATFORMS, "The platform of the other account", { required: true }),
    id: opt.text("The account's id on that platform", { required: true, max: 100 }),
  }),
});
