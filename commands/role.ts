import { action, command, opt } from "./spec.ts";

const ROLE_CHOICES = ["secretariat", "chair"] as const;

export const role = command("role", "Grant and revoke the Secretariat and chair roles", {
  grant: action("Grant a role", {
    user: opt.user("The person", { required: true }),
    role: opt.choice(ROLE_CHOICES, "The role", { required: true }),
  }),
  revoke: action("Revoke a role", {
    user: opt.user("The person", { required: true }),
    role: opt.choice(ROLE_CHOICES, "The role", { required: true }),
  }),
});
