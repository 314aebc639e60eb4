import { z } from "zod";
import { EXPORT_FORMATS } from "../src/core/exports/exportFile.ts";
import { action, command, opt, type OptionSpec } from "./spec.ts";

const format = () => opt.choice(EXPORT_FORMATS, "csv (default), json or md (a Markdown table)");

const year: OptionSpec<number, false> = {
  kind: "integer",
  description: "Only this year's decisions",
  required: false,
  schema: z.coerce.number({ error: "must be a year such as 2026" }).int().min(2000, "must be a year such as 2026").max(2200, "must be a year such as 2026"),
};

export const exportCommand = command("export", "Export the decision register, the meetings or the agencies as a file", {
  decisions: action("The decision register: outcomes, tallies, objections and every position", { format: format(), year }),
  meetings: action("Every meeting with its dates, place, hosts and status", { format: format() }),
  agencies: action("Every agency with its status and representatives", { format: format() }),
});
