import { z } from "zod";
import { action, command, type OptionSpec } from "./spec.ts";

const year: OptionSpec<number, false> = {
  kind: "integer",
  description: "Only this year's workplan",
  required: false,
  schema: z.coerce.number({ error: "must be a year such as 2027" }).int().min(2000, "must be a year such as 2027").max(2200, "must be a year such as 2027"),
};

export const workplan = command("workplan", "The annual workplans adopted by consensus", {
  show: action("Show the workplan in force for each year, or for one year", { year }, "year"),
});
