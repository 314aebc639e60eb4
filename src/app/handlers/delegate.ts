import type { Platform } from "../../core/people/person.ts";
import { addDelegate, linkIdentity, listDelegates, removeDelegate } from "../../core/people/manageDelegates.ts";
import type { Handler } from "../context.ts";
import { refused, say } from "../reply.ts";

export const delegateHandlers: Record<string, Handler> = {
  "delegate add": async (ctx, a) => {
    const r = await addDelegate(ctx.deps, ctx.caller, { agency: a["agency"] as string, user: ctx.resolveUser(a["user"] as string), head: a["head"] as boolean | undefined });
    if (!r.ok) return refused(r.refusal);
    const { person, agency } = r.value;
    return say(`${person.handle} now represents ${agency.code}${person.isHead ? " as head of delegation" : ""}.`, { id: person.id, agency: agency.code, head: person.isHead });
  },
  "delegate remove": async (ctx, a) => {
    const r = await removeDelegate(ctx.deps, ctx.caller, ctx.resolveUser(a["user"] as string));
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.person.handle} no longer represents ${r.value.agency.code}.`, { id: r.value.person.id, agency: r.value.agency.code });
  },
  "delegate list": async (ctx, a) => {
    const r = await listDelegates(ctx.deps, ctx.caller, a["agency"] as string | undefined);
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
    const identity = { platform: a["platform"] as Platform, externalId: a["id"] as string };
    const r = await linkIdentity(ctx.deps, ctx.caller, ctx.resolveUser(a["user"] as string), identity);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle}'s ${identity.platform} account ${identity.externalId} is linked: a position cast there is the same position.`, { id: r.value.id });
  },
};
