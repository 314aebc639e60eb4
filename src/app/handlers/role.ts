import type { Role } from "../../core/people/person.ts";
import { grantRole, revokeRole } from "../../core/people/manageRoles.ts";
import type { Handler } from "../context.ts";
import { refused, say } from "../reply.ts";

export const roleHandlers: Record<string, Handler> = {
  "role grant": async (ctx, a) => {
    const role = a["role"] as Role;
    const r = await grantRole(ctx.deps, ctx.caller, ctx.resolveUser(a["user"] as string), role);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle} now holds the ${role} role.`, { id: r.value.id, roles: r.value.roles });
  },
  "role revoke": async (ctx, a) => {
    const role = a["role"] as Role;
    const r = await revokeRole(ctx.deps, ctx.caller, ctx.resolveUser(a["user"] as string), role);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle} no longer holds the ${role} role.`, { id: r.value.id, roles: r.value.roles });
  },
};
