import { actionKey, catalogue, findCommand, usageOf } from "../../../commands/index.ts";
import { whoMay } from "../../core/access/permissions.ts";
import type { CommandHandlers } from "../context.ts";
import { whisper } from "../reply.ts";

export const helpHandlers: CommandHandlers<"help"> = {
  help: async (_ctx, a) => {
    const name = (a.command)?.replace(/^\//, "");
    if (name) {
      const c = findCommand(name);
      if (!c) return whisper(`There is no command /${name}. The commands are: ${catalogue.map((x) => "/" + x.name).join(", ")}.`);
      // Each usage line is followed by who may run it, written from the permission table.
      const usage = usageOf(c);
      const lines = Object.keys(c.actions).flatMap((a, i) => [usage[i]!, `  Who may: ${whoMay(actionKey(c.name, a))}`]);
      return whisper(`/${c.name} — ${c.description}\n${lines.join("\n")}`, { command: c.name });
    }
    const lines = catalogue.map((c) => `/${c.name} — ${c.description}`);
    return whisper(`${lines.join("\n")}\nOptions are name:value; quote values with spaces. /help COMMAND explains one.`);
  },
};
