import { listDecisions } from "../../core/decisions/listDecisions.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const decisionHandlers: CommandHandlers<"decisions"> = {
  decisions: async (ctx, a) => {
    const year = a.year;
    const r = await listDecisions(ctx.deps, ctx.caller, year);
    if (!r.ok) return refused(r.refusal);
    const list = r.value;
    if (list.length === 0) return say(year ? `No decision recorded in ${year}.` : "No decision recorded yet.", { decisions: [] });
    const lines = list.map((d) => {
      const objections = d.objections.length ? ` — objections: ${d.objections.map((o) => `${o.agency}: ${o.reason}`).join("; ")}` : "";
      return `${d.number} ${d.title} (poll #${d.pollId}): ${d.outcome}, ${d.tally.concur} concur, ${d.tally.abstain} abstain, ${d.tally.object} object of ${d.tally.electorate}${objections}`;
    });
    return say(lines.join("\n"), { decisions: list.map((d) => ({ number: d.number, pollId: d.pollId, outcome: d.outcome })) });
  },
};
