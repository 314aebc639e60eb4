import { z } from "zod";
import { action, command, type OptionSpec } from "./spec.ts";

const year: OptionSpec<number, false> = {
  kind: "integer",
  description: "Only this year's decisions",
  required: false,
  schema: z.coerce.number({ error: "must be a year such as 2026" }).int().min(2000, "must be a year such as 2026").max(2200, "must be a year such as 2026"),
};

export const decisions = command("decisions", "The decision register", {
  "": action("List the numbered decisions with their outcomes", { year }, "year"),
});
