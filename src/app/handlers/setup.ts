import type { ChannelPurpose } from "../../core/setup/group.ts";
import { bindChannel, setMandate, setTimezone } from "../../core/setup/configureGroup.ts";
import type { Handler } from "../context.ts";
import { refused, say } from "../reply.ts";

export const setupHandlers: Record<string, Handler> = {
  "setup channel": async (ctx, a) => {
    const purpose = a["purpose"] as ChannelPurpose;
    const r = await bindChannel(ctx.deps, ctx.caller, ctx.channelId, purpose);
    if (!r.ok) return refused(r.refusal);
    return say(r.value.created ? `This channel now receives the ${purpose} messages.` : `This channel already receives the ${purpose} messages.`, { purpose });
  },
  "setup timezone": async (ctx, a) => {
    const r = await setTimezone(ctx.deps, ctx.caller, a["zone"] as string);
    if (!r.ok) return refused(r.refusal);
    return say(`The group's time zone is now ${r.value.timezone}.`, { timezone: r.value.timezone });
  },
  "setup mandate": async (ctx, a) => {
    const r = await setMandate(ctx.deps, ctx.caller, a["ends"] as string);
    if (!r.ok) return refused(r.refusal);
    return say(`The group's mandate now ends on ${r.value.mandateEndsOn}.`, { mandateEndsOn: r.value.mandateEndsOn });
  },
};
