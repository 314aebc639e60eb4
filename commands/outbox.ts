import { action, command, opt } from "./spec.ts";

export const outbox = command("outbox", "Messages the bot could not deliver", {
  list: action("List the messages parked after repeated delivery failures, with their last error"),
  retry: action("Queue a parked message for delivery again", { id: opt.integer("Message number, from /outbox list", { required: true }) }, "id"),
});
