import { grantRole, revokeRole } from "../../core/people/manageRoles.ts";
import type { CommandHandlers } from "../context.ts";
import { refused, say } from "../reply.ts";

export const roleHandlers: CommandHandlers<"role"> = {
  "role grant": async (ctx, a) => {
    const role = a.role;
    const r = await grantRole(ctx.deps, ctx.caller, ctx.resolveUser(a.user), role);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle} now holds the ${role} role.`, { id: r.value.id, roles: r.value.roles });
  },
  "role revoke": async (ctx, a) => {
    const role = a.role;
    const r = await revokeRole(ctx.deps, ctx.caller, ctx.resolveUser(a.user), role);
    if (!r.ok) return refused(r.refusal);
    return say(`${r.value.handle} no longer holds the ${role} role.`, { id: r.value.id, roles: r.value.roles });
  },
};
