import { castPosition } from "../../core/polls/castPosition.ts";
import { closePoll } from "../../core/polls/closePoll.ts";
import { extendPoll } from "../../core/polls/extendPoll.ts";
import { openPoll } from "../../core/polls/openPoll.ts";
import { deadline, describeProcedure, describeTally, pollLabel } from "../../core/polls/pollText.ts";
import { remindPoll } from "../../core/polls/remindPoll.ts";
import { listPolls, showPoll } from "../../core/polls/viewPolls.ts";
import { withdrawPoll } from "../../core/polls/withdrawPoll.ts";
import type { Decision } from "../../core/decisions/decision.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { Result } from "../../core/shared/result.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say, type Reply } from "../reply.ts";
import { isReply, whenOption } from "./when.ts";

const decided = (r: Result<Decision>): Reply =>
  r.ok
    ? say(`Poll #${r.value.pollId} is closed: ${r.value.outcome}. Decision ${r.value.number}.`, { id: r.value.pollId, outcome: r.value.outcome, decision: r.value.number })
    : refused(r.refusal);

export const pollHandlers: CommandHandlers<"poll"> = {
  "poll open": async (ctx, a) => {
    const closesAt = whenOption(ctx, "closes", a.closes);
    if (isReply(closesAt)) return closesAt;
    const r = await openPoll(ctx.deps, ctx.caller, {
      title: a.title,
      text: a.text,
      closesAt,
      procedure: a.procedure,
      quorumPercent: a.quorum,
      kind: a.kind,
      // A workplan poll names its year; the year travels in the subject its adoption acts on.
      subject: a.year === undefined ? undefined : { year: a.year },
    });
    if (!r.ok) return refused(r.refusal);
    return say(`Opened ${pollLabel(r.value)}, closing ${deadline(r.value)} (${describeProcedure(r.value)}).`, { id: r.value.id });
  },
  "poll list": async (ctx, a) => {
    const r = await listPolls(ctx.deps, ctx.caller, a.status);
    if (!r.ok) return refused(r.refusal);
    const polls = r.value;
    if (polls.length === 0) return say("No polls yet. The Secretariat or the chair opens one with /poll open.", { polls: [] });
    const lines = polls.map((p) => `#${p.id} ${p.title} — ${p.status === "open" ? `open, closes ${timeMarker(p.closesAt)}` : p.outcome}`);
    return say(lines.join("\n"), { polls: polls.map((p) => ({ id: p.id, status: p.status, outcome: p.outcome })) });
  },
  "poll show": async (ctx, a) => {
    const r = await showPoll(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { poll, tally, positions, history, decision } = r.value;
    const status = poll.status === "open" ? `open, closes ${deadline(poll)}` : `${poll.outcome}${decision ? ` (decision ${decision.number})` : ""}`;
    const lines = [
      `Poll #${poll.id}: ${poll.title} [${poll.kind}] — ${status}`,
      ...(poll.text ? [poll.text] : []),
      `Procedure: ${describeProcedure(poll)}`,
      `Tally: ${describeTally(tally, poll.procedure)}`,
      ...positions.map((p) => `  ${p.code}: ${p.stance}${p.reason ? ` — ${p.reason}` : ""}${p.by ? ` (${p.by})` : ""}`),
      `History:`,
      ...(history.length ? history.map((h) => `  ${timeMarker(h.castAt)} ${h.code} ${h.stance} by ${h.by} via ${h.platform}${h.reason ? ` — ${h.reason}` : ""}`) : ["  no position yet"]),
    ];
    return say(lines.join("\n"), { id: poll.id, status: poll.status, outcome: poll.outcome, tally: { ...tally, objections: undefined, pendingAgencyIds: undefined } });
  },
  "poll position": async (ctx, a) => {
    const stance = a.stance;
    const r = await castPosition(ctx.deps, ctx.caller, { pollId: a.id, stance, reason: a.reason, endorsed: a.endorsed });
    if (!r.ok) return refused(r.refusal);
    const v = r.value;
    const changed = v.previous && v.previous !== stance ? ` (was ${v.previous})` : "";
    const closed = v.closedWith ? ` Every agency has responded, so poll #${v.pollId} is closed: ${v.closedWith}.` : "";
    return say(`${v.agencyCode}'s position on poll #${v.pollId} is now ${stance}${changed}. ${describeTally(v.tally, v.procedure)}.${closed}`, {
      id: v.pollId,
      agency: v.agencyCode,
      stance,
      ...(v.closedWith ? { outcome: v.closedWith } : {}),
    });
  },
  "poll close": async (ctx, a) => decided(await closePoll(ctx.deps, ctx.caller, a.id)),
  "poll withdraw": async (ctx, a) => decided(await withdrawPoll(ctx.deps, ctx.caller, a.id)),
  "poll extend": async (ctx, a) => {
    const closesAt = whenOption(ctx, "closes", a.closes);
    if (isReply(closesAt)) return closesAt;
    const r = await extendPoll(ctx.deps, ctx.caller, a.id, closesAt);
    if (!r.ok) return refused(r.refusal);
    return say(`Poll #${r.value.id} now closes ${deadline(r.value)}.`, { id: r.value.id });
  },
  "poll remind": async (ctx, a) => {
    const r = await remindPoll(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { reminded, unreachable } = r.value;
    const who = reminded.length ? `Reminded ${reminded.join(", ")}.` : unreachable.length ? "Nobody could be reminded." : "Every agency has responded; nobody needed a reminder.";
    const missed = unreachable.length
      ? ` Could not reach ${unreachable.join(", ")}: ${unreachable.length === 1 ? "it has" : "they have"} no representative. Add one with /delegate add agency:${unreachable[0]} user:USER.`
      : "";
    return say(`${who}${missed}`, { id: r.value.poll.id, reminded, unreachable });
  },
};
