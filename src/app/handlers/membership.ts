import { requestMembership } from "../../core/membership/requestMembership.ts";
import { deadline } from "../../core/polls/pollText.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";
import { isReply, whenOption } from "./when.ts";

export const membershipHandlers: CommandHandlers<"membership"> = {
  "membership request": async (ctx, a) => {
    const closes = a.closes === undefined ? undefined : whenOption(ctx, "closes", a.closes);
    if (isReply(closes)) return closes;
    const r = await requestMembership(ctx.deps, ctx.caller, {
      code: a.code,
      name: a.name,
      receivedOn: a.received,
      objectives: a.objectives,
      closesAt: closes,
    });
    if (!r.ok) return refused(r.refusal);
    const { request, agency, poll } = r.value;
    return say(
      `Join request #${request.id} from ${agency.code} (${agency.name}) recorded; ${agency.code} is an applicant. ` +
        `The chair and the agencies are informed, and membership poll #${poll.id} is open until ${deadline(poll)}.`,
      { id: request.id, agency: agency.code, status: agency.status, pollId: poll.id },
    );
  },
};
