import { addDelegate, linkIdentity, listDelegates, removeDelegate } from "../../core/people/manageDelegates.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

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
    const identity = { platform: a.platform, externalId: a.id };
    const r = await linkIdentity(ctx.deps, ctx.caller, ctx.resolveUser(a.user), identity);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle}'s ${identity.platform} account ${identity.externalId} is linked: a position cast there is the same position.`, { id: r.value.id });
  },
};
