import { action, command, opt } from "./spec.ts";

const year = opt.year("Only this year's decisions");

export const decisions = command("decisions", "The decision register", {
  "": action("List the numbered decisions with their outcomes", { year }, "year"),
});
