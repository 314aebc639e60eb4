import { listParked, retryParked } from "../../core/outbox/manageOutbox.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say, whisper } from "../reply.ts";

export const outboxHandlers: CommandHandlers<"outbox"> = {
  "outbox list": async (ctx) => {
    const r = await listParked(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    if (r.value.length === 0) return whisper("Every message has been delivered or is still being tried; none is parked.", { parked: [] });
    const lines = r.value.map((m) => `#${m.id} ${m.idempotencyKey} after ${m.attempts} attempts: ${m.lastError ?? "unknown error"}`);
    return whisper(`${lines.join("\n")}\nRetry one with /outbox retry id:N once the cause is fixed.`, { parked: r.value.map((m) => ({ id: m.id, key: m.idempotencyKey, error: m.lastError })) });
  },
  "outbox retry": async (ctx, a) => {
    const r = await retryParked(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    return say(`Message #${r.value.id} is queued for delivery again.`, { id: r.value.id });
  },
};
