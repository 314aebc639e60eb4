import { redeemLinkCode, requestLinkCode } from "../../core/people/linkAccounts.ts";
import { addDelegate, listDelegates, removeDelegate } from "../../core/people/manageDelegates.ts";
import { unlinkAccount } from "../../core/people/unlinkAccount.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say, whisper } from "../reply.ts";

export const delegateHandlers: CommandHandlers<"delegate"> = {
  "delegate add": async (ctx, a) => {
    const r = await addDelegate(ctx.deps, ctx.caller, { agency: a.agency, user: ctx.resolveUser(a.user), head: a.head });
    if (!r.ok) return refused(r.refusal);
    const { person, agency } = r.value;
    return say(`${person.handle} now represents ${agency.code}${person.isHead ? " as head of delegation" : ""}.`, { id: person.id, agency: agency.code, head: person.isHead });
  },
  "delegate remove": async (ctx, a) => {
    const r = await removeDelegate(ctx.deps, ctx.caller, ctx.resolveUser(a.user));
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.person.handle} no longer represents ${r.value.agency.code}.`, { id: r.value.person.id, agency: r.value.agency.code });
  },
  "delegate list": async (ctx, a) => {
    const r = await listDelegates(ctx.deps, ctx.caller, a.agency);
    if (!r.ok) return refused(r.refusal);
    const lines = r.value.map(({ agency, delegates }) => {
      const who = delegates.length ? delegates.map((d) => `${d.handle}${d.isHead ? " (head)" : ""}`).join(", ") : "no representative yet";
      return `${agency.code}: ${who}`;
    });
    return say(lines.join("\n") || "No agency is recorded yet.", {
      delegations: r.value.map(({ agency, delegates }) => ({ agency: agency.code, delegates: delegates.map((d) => ({ handle: d.handle, head: d.isHead })) })),
    });
  },
  "delegate link": async (ctx, a) => {
    const code = a.code;
    if (code !== undefined) {
      const r = await redeemLinkCode(ctx.deps, ctx.caller, code);
      if (!r.ok) return refused(r.refusal);
      const { person, platform, already } = r.value;
      return whisper(already ? `This ${platform} account is already ${person.handle}'s.` : `This ${platform} account is now linked to ${person.handle}: a position cast here is the same position as from their other accounts.`, { id: person.id, linked: platform });
    }
    const r = await requestLinkCode(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const other = a.platform ?? (ctx.caller.platform === "slack" ? "discord" : "slack");
    return whisper(
      `Your code is ${r.value.code}. From your ${other} account, before ${timeMarker(r.value.expiresAt)}, send /delegate link code:${r.value.code}. It works once; keep it to yourself.`,
      { code: r.value.code, expiresAt: r.value.expiresAt.toISOString() },
    );
  },
  "delegate unlink": async (ctx, a) => {
    const r = await unlinkAccount(ctx.deps, ctx.caller, { platform: a.platform, user: a.user === undefined ? undefined : ctx.resolveUser(a.user) });
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.person.handle}'s ${r.value.identity.platform} account is no longer linked.`, { id: r.value.person.id, unlinked: r.value.identity.platform });
  },
};
