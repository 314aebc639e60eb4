import { action, command, opt } from "./spec.ts";

const LINKABLE = ["discord", "slack"] as const;

export const delegate = command("delegate", "Designate the representatives who speak for each agency", {
  add: action("Designate a representative of an agency", {
    agency: opt.agency("Agency code", { required: true }),
    user: opt.user("The person", { required: true }),
    head: opt.boolean("Make them head of delegation"),
  }),
  remove: action("Remove a representative", { user: opt.user("The person", { required: true }) }),
  list: action("List the representatives, for every agency or one", { agency: opt.agency("Agency code") }, "agency"),
  link: action(
    "Link your account on another platform: ask for a code here, give it back there with code:",
    {
      code: opt.text("The code you were given on your other platform", { max: 20 }),
      platform: opt.choice(LINKABLE, "The platform where you will give the code back"),
    },
    "code",
  ),
  unlink: action("Unlink an account on a platform: yours, or someone else's with user:", {
    platform: opt.choice(LINKABLE, "The platform of the account to unlink", { required: true }),
    user: opt.user("Whose account; yourself by default"),
  }),
});
