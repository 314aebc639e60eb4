import { exportAgencies } from "../../core/exports/exportAgencies.ts";
import { exportDecisions } from "../../core/exports/exportDecisions.ts";
import type { ExportFile, ExportFormat } from "../../core/exports/exportFile.ts";
import { exportMeetings } from "../../core/exports/exportMeetings.ts";
import type { Result } from "../../core/shared/result.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, whisper, type Reply } from "../reply.ts";

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: "CSV", json: "JSON", md: "a Markdown table" };

/** The file travels in the reply's data; each adapter attaches it (the shell prints it with --json). */
function file(r: Result<ExportFile>, one: string, many: string): Reply {
  if (!r.ok) return refused(r.refusal);
  const f = r.value;
  return whisper(`Exported ${f.count} ${f.count === 1 ? one : many} as ${FORMAT_NAMES[f.format]}: ${f.filename}.`, { filename: f.filename, format: f.format, mediaType: f.mediaType, count: f.count, content: f.content });
}

const formatOf = (a: { format?: ExportFormat | undefined }): ExportFormat => a.format ?? "csv";

export const exportHandlers: CommandHandlers<"export"> = {
  "export decisions": async (ctx, a) => file(await exportDecisions(ctx.deps, ctx.caller, formatOf(a), a.year), "decision", "decisions"),
  "export meetings": async (ctx, a) => file(await exportMeetings(ctx.deps, ctx.caller, formatOf(a)), "meeting", "meetings"),
  "export agencies": async (ctx, a) => file(await exportAgencies(ctx.deps, ctx.caller, formatOf(a)), "agency", "agencies"),
};
