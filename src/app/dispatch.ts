import { parseCommand, type ParsedCommand } from "../../commands/index.ts";
import { bindings } from "./bindings.ts";
import type { CommandContext } from "./context.ts";
import { whisper, type Reply } from "./reply.ts";

/** Runs an already parsed and validated command (Discord's typed options arrive this way). */
export async function runParsed(ctx: CommandContext, parsed: ParsedCommand): Promise<Reply> {
  const handler = bindings[parsed.key];
  if (!handler) throw new Error(`no binding for /${parsed.key}`);
  return handler(ctx, parsed.args);
}

/** Runs one line of the text grammar: parse, validate, then the bound use case. */
export async function runLine(ctx: CommandContext, line: string): Promise<Reply> {
  const parsed = parseCommand(line);
  if (!parsed.ok) return whisper(parsed.error, { refused: "invalid_command" });
  return runParsed(ctx, parsed.value);
}
