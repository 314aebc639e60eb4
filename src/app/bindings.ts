// Binds every action of the catalogue to the handler that runs its use case.
import type { Handler } from "./context.ts";
import { agencyHandlers } from "./handlers/agency.ts";
import { decisionHandlers } from "./handlers/decisions.ts";
import { delegateHandlers } from "./handlers/delegate.ts";
import { helpHandlers } from "./handlers/help.ts";
import { outboxHandlers } from "./handlers/outbox.ts";
import { pollHandlers } from "./handlers/poll.ts";
import { roleHandlers } from "./handlers/role.ts";
import { setupHandlers } from "./handlers/setup.ts";

export const bindings: Readonly<Record<string, Handler>> = {
  ...agencyHandlers,
  ...delegateHandlers,
  ...roleHandlers,
  ...pollHandlers,
  ...decisionHandlers,
  ...setupHandlers,
  ...outboxHandlers,
  ...helpHandlers,
};
