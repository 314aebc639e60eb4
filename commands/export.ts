import { EXPORT_FORMATS } from "../src/core/exports/exportFile.ts";
import { action, command, opt } from "./spec.ts";

const format = () => opt.choice(EXPORT_FORMATS, "csv (default), json or md (a Markdown table)");

const year = opt.year("Only this year's decisions");

export const exportCommand = command("export", "Export the decision register, the meetings or the agencies as a file", {
  decisions: action("The decision register: outcomes, tallies, objections and every position", { format: format(), year }),
  meetings: action("Every meeting with its dates, place, hosts and status", { format: format() }),
  agencies: action("Every agency with its status and representatives", { format: format() }),
});
