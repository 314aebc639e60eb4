import { action, command } from "./spec.ts";

export const waiting = command("waiting", "What is waiting for you", {
  "": action("Your open polls to answer, coming meetings and, for the Secretariat, notices and alerts"),
});
