import { parseCommand, type ActionArgs, type ActionKey, type ParsedCommand } from "../../commands/index.ts";
import { bindings } from "./bindings.ts";
import type { CommandContext, Handler } from "./context.ts";
import { whisper, type Reply } from "./reply.ts";

/** Runs an already parsed and validated command (Discord's typed options arrive this way). */
export async function runParsed(ctx: CommandContext, parsed: ParsedCommand): Promise<Reply> {
  return run(ctx, parsed.key, parsed.args);
}

/** The handler bound to `key` receives exactly the arguments typed for `key`. */
function run<K extends ActionKey>(ctx: CommandContext, key: K, args: ActionArgs[K]): Promise<Reply> {
  const handler: Handler<K> = bindings[key];
  return handler(ctx, args);
}

/** Runs one line of the text grammar: parse, validate, then the bound use case. */
export async function runLine(ctx: CommandContext, line: string): Promise<Reply> {
  const parsed = parseCommand(line);
  if (!parsed.ok) return whisper(parsed.error, { refused: "invalid_command" });
  return runParsed(ctx, parsed.value);
}
