import { showTermsOfReference } from "../../core/adoptions/showTermsOfReference.ts";
import { showWorkplans } from "../../core/adoptions/showWorkplan.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const termsHandlers: CommandHandlers<"tor" | "workplan"> = {
  "tor show": async (ctx) => {
    const r = await showTermsOfReference(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const { current, versions } = r.value;
    if (!current) {
      return say(
        "No amendment of the Terms of Reference has been adopted here: the Terms the agencies accepted are in force. " +
          'An amendment is decided by consensus: /poll open kind:amendment title:"…" text:"the new text" closes:WHEN.',
        { version: null, versions: [] },
      );
    }
    const earlier = versions.slice(0, -1).map((v) => `  version ${v.version}: decision ${v.decision ?? "?"} (poll #${v.pollId}), ${timeMarker(v.adoptedAt)}`);
    const lines = [
      `Terms of Reference in force: version ${current.version}, adopted by decision ${current.decision ?? "?"} (poll #${current.pollId}) ${timeMarker(current.adoptedAt)}.`,
      current.text,
      ...(earlier.length ? ["Earlier amendments:", ...earlier] : []),
    ];
    return say(lines.join("\n"), {
      version: current.version,
      decision: current.decision,
      pollId: current.pollId,
      text: current.text,
      versions: versions.map((v) => ({ version: v.version, decision: v.decision, pollId: v.pollId })),
    });
  },
  "workplan show": async (ctx, a) => {
    const year = a.year;
    const r = await showWorkplans(ctx.deps, ctx.caller, year);
    if (!r.ok) return refused(r.refusal);
    const { inForce, replaced } = r.value;
    if (inForce.length === 0) {
      return say(
        `No workplan${year ? ` for ${year}` : ""} has been adopted yet. It is adopted by consensus: /poll open kind:workplan year:YYYY title:"…" text:"…" closes:WHEN.`,
        { workplans: [] },
      );
    }
    const lines = inForce.flatMap((w) => [`${w.year}: ${w.title}, adopted by decision ${w.decision} (poll #${w.pollId})`, ...(w.text ? [`  ${w.text}`] : [])]);
    if (replaced.length) lines.push(`Replaced: ${replaced.map((w) => `${w.year} by decision ${w.decision}`).join(", ")}`);
    return say(lines.join("\n"), { workplans: inForce.map((w) => ({ year: w.year, title: w.title, pollId: w.pollId, decision: w.decision })) });
  },
};
