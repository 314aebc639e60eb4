import { action, command } from "./spec.ts";

export const tor = command("tor", "The Terms of Reference in force and their amendments", {
  show: action("Show the Terms of Reference in force: the latest adopted amendment, and every earlier one"),
});
