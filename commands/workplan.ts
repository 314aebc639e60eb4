import { action, command, opt } from "./spec.ts";

const year = opt.year("Only this year's workplan");

export const workplan = command("workplan", "The annual workplans adopted by consensus", {
  show: action("Show the workplan in force for each year, or for one year", { year }, "year"),
});
