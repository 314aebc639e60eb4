import { chairStatus } from "../../core/chair/chairStatus.ts";
import { handOverChair } from "../../core/chair/handOverChair.ts";
import { describeElapsed } from "../../core/shared/calendarDate.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const chairHandlers: CommandHandlers<"chair"> = {
  "chair set": async (ctx, a) => {
    const r = await handOverChair(ctx.deps, ctx.caller, { agency: a.agency, user: ctx.resolveUser(a.user), from: a.from });
    if (!r.ok) return refused(r.refusal);
    const { term, chair, agency, previous, alerts, correctedFrom } = r.value;
    const after = previous ? `, after ${previous.handle} (${previous.code}, chair since ${previous.term.startsOn})` : "";
    const alerted = alerts.length ? ` The Secretariat will be alerted ${alerts.map((x) => `${timeMarker(x.dueAt)} (${x.months} months)`).join(" and ")}.` : "";
    const what = correctedFrom ? `Corrected: ${chair.handle} (${agency.code}) has been the chair since ${term.startsOn}, not ${correctedFrom}` : `${chair.handle} (${agency.code}) is the chair from ${term.startsOn}${after}`;
    return say(`${what}.${alerted}`, {
      id: term.id,
      agency: agency.code,
      chair: chair.handle,
      from: term.startsOn,
      correctedFrom,
      previous: previous ? { chair: previous.handle, agency: previous.code, startsOn: previous.term.startsOn, endedOn: previous.term.endedOn } : null,
    });
  },
  "chair status": async (ctx) => {
    const r = await chairStatus(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const { current, history, roleHolders, offsets } = r.value;
    const lines: string[] = [];
    if (current) {
      const stage = current.stage === "overdue" ? " The term is overdue." : current.stage === "succession due" ? " Time to begin the succession." : "";
      lines.push(
        `Chair: ${current.handle} (${current.code}) since ${current.startsOn}, ${describeElapsed(current.elapsed)} so far ` +
          `(succession reminder at ${offsets.succession} months, overdue at ${offsets.overdue}).${stage}`,
      );
    } else {
      const holders = roleHolders.length ? ` ${roleHolders.join(", ")} ${roleHolders.length === 1 ? "holds" : "hold"} the chair role.` : "";
      lines.push(`No chair term is recorded yet.${holders} Record the chair with /chair set agency:CODE user:USER from:DATE.`);
    }
    if (history.length) {
      lines.push("Terms:");
      for (const t of history) lines.push(`  ${t.startsOn} – ${t.endedOn ?? "now"}: ${t.handle} (${t.code})`);
    }
    return say(lines.join("\n"), {
      chair: current ? { chair: current.handle, agency: current.code, since: current.startsOn, months: current.elapsed.months, days: current.elapsed.days, stage: current.stage } : null,
      history: history.map((t) => ({ id: t.id, chair: t.handle, agency: t.code, startsOn: t.startsOn, endedOn: t.endedOn })),
      roleHolders,
    });
  },
};
