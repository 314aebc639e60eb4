// Binds every action of the catalogue to the handler that runs its use case.
import type { ActionKey } from "../../commands/index.ts";
import type { Handlers } from "./context.ts";
import { agencyHandlers } from "./handlers/agency.ts";
import { decisionHandlers } from "./handlers/decisions.ts";
import { delegateHandlers } from "./handlers/delegate.ts";
import { helpHandlers } from "./handlers/help.ts";
import { outboxHandlers } from "./handlers/outbox.ts";
import { pollHandlers } from "./handlers/poll.ts";
import { roleHandlers } from "./handlers/role.ts";
import { setupHandlers } from "./handlers/setup.ts";
import { advisorHandlers } from "./handlers/advisor.ts";
import { meetingHandlers } from "./handlers/meeting.ts";
import { venueHandlers } from "./handlers/venue.ts";
import { announcementHandlers } from "./handlers/announcements.ts";
import { chairHandlers } from "./handlers/chair.ts";
import { exportHandlers } from "./handlers/exports.ts";
import { membershipHandlers } from "./handlers/membership.ts";
import { termsHandlers } from "./handlers/terms.ts";
import { waitingHandlers } from "./handlers/waiting.ts";
import { groupHandlers } from "./handlers/group.ts";

/** Typed as a handler for every action key: a catalogue action without one fails the type check. */
export const bindings: Readonly<Handlers<ActionKey>> = {
  ...agencyHandlers,
  ...delegateHandlers,
  ...roleHandlers,
  ...pollHandlers,
  ...meetingHandlers,
  ...venueHandlers,
  ...advisorHandlers,
  ...membershipHandlers,
  ...chairHandlers,
  ...announcementHandlers,
  ...exportHandlers,
  ...termsHandlers,
  ...decisionHandlers,
  ...setupHandlers,
  ...groupHandlers,
  ...outboxHandlers,
  ...waitingHandlers,
  ...helpHandlers,
};
