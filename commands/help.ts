import { action, command, opt } from "./spec.ts";

export const help = command("help", "Explain the commands", {
  "": action("List the commands, or explain one", { command: opt.text("A command name, such as poll", { max: 40 }) }, "command"),
});
