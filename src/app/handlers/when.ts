import { resolveDate, resolveWhen } from "../../core/shared/when.ts";
import type { CommandContext } from "../context.ts";
import { refused, type Reply } from "../reply.ts";

/** A WHEN option as an instant in the group's time zone, or the refusal that explains the problem. */
export function whenOption(ctx: CommandContext, option: string, text: string): Date | Reply {
  const at = resolveWhen(text, ctx.deps.clock.now(), ctx.group.timezone);
  return at ?? refused({ reason: "invalid_date", option, value: text });
}

export function dateOption(ctx: CommandContext, option: string, text: string): Date | Reply {
  const at = resolveDate(text, ctx.group.timezone);
  return at ?? refused({ reason: "invalid_date", option, value: text });
}

export const isReply = (v: unknown): v is Reply => typeof v === "object" && v !== null && "visibility" in v;
