import { whatIsWaiting } from "../../core/waiting/whatIsWaiting.ts";
import { cardText, waitingCardModel } from "../../core/waiting/waitingCard.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, whisper, type Reply } from "../reply.ts";

export const waitingHandlers: CommandHandlers<"waiting"> = {
  waiting: async (ctx) => {
    const r = await whatIsWaiting(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const w = r.value;
    const card = waitingCardModel(w);
    // Private: what waits for one person is theirs to read.
    const reply: Reply = whisper(cardText(card), {
      polls: w.polls.map((p) => ({ id: p.poll.id, stance: p.stance })),
      meetings: w.meetings.map((m) => m.id),
      notices: w.notices.map((n) => n.id),
      alerts: w.alerts.map((a) => ({ meetingId: a.meetingId, kind: a.kind })),
    });
    return { ...reply, card };
  },
};
