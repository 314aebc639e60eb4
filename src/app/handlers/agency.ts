import { acceptTermsOfReference, addAgency, listAgencies, showAgency, withdrawAgency } from "../../core/agencies/manageAgencies.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const agencyHandlers: CommandHandlers<"agency"> = {
  "agency add": async (ctx, a) => {
    const r = await addAgency(ctx.deps, ctx.caller, {
      code: a.code,
      name: a.name,
      status: a.status,
      frameworkContributor: a.framework,
    });
    if (!r.ok) return refused(r.refusal);
    return say(`Agency #${r.value.id} ${r.value.code} (${r.value.name}) recorded as ${r.value.status}.`, { id: r.value.id, code: r.value.code });
  },
  "agency list": async (ctx) => {
    const r = await listAgencies(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    const list = r.value;
    if (list.length === 0) return say("No agency is recorded yet. The Secretariat adds them with /agency add.", { agencies: [] });
    const lines = list.map((x) => `${x.code} — ${x.name} (${x.status}${x.frameworkContributor ? ", Framework Document contributor" : ""})`);
    return say(`${list.length} agencies:\n${lines.join("\n")}`, { agencies: list.map((x) => ({ code: x.code, status: x.status })) });
  },
  "agency show": async (ctx, a) => {
    const r = await showAgency(ctx.deps, ctx.caller, a.code);
    if (!r.ok) return refused(r.refusal);
    const { agency, delegates } = r.value;
    const who = delegates.length ? delegates.map((d) => `${d.handle}${d.isHead ? " (head)" : ""}`).join(", ") : "nobody yet";
    return say(`${agency.code} — ${agency.name}\nStatus: ${agency.status}${agency.frameworkContributor ? ", Framework Document contributor" : ""}\nRepresentatives: ${who}`, {
      id: agency.id,
      code: agency.code,
      status: agency.status,
    });
  },
  "agency withdraw": async (ctx, a) => {
    const r = await withdrawAgency(ctx.deps, ctx.caller, a.code, a.received);
    if (!r.ok) return refused(r.refusal);
    const recount = r.value.recounted.length ? ` Open polls recounted: ${r.value.recounted.map((id) => `#${id}`).join(", ")}.` : "";
    const chair = r.value.chairAlerted ? " It held the chair: the Secretariat is alerted to record a successor with /chair set." : "";
    return say(`${r.value.agency.code} has withdrawn; its representatives no longer hold a voice.${recount}${chair}`, { code: r.value.agency.code, recounted: r.value.recounted });
  },
  "agency accept-tor": async (ctx, a) => {
    const r = await acceptTermsOfReference(ctx.deps, ctx.caller, a.code);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.code} accepted the Terms of Reference and is now participating.`, { code: r.value.code, status: r.value.status });
  },
};
