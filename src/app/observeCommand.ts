// Every adapter runs its commands through here, so that commands, outcomes, positions cast and command
// times are counted once and alike on every platform.
import { findCommand, type ParsedCommand } from "../../commands/index.ts";
import type { Metrics, Outcome } from "../infra/metrics.ts";
import { currentRequest } from "../infra/requestContext.ts";
import type { Reply } from "./reply.ts";

export const outcomeOf = (reply: Reply): Outcome => (reply.data?.["error"] === true ? "error" : reply.data?.["refused"] !== undefined ? "refused" : "ok");

/** Runs the command, timed from the receipt of the request being served (or from now, outside one). */
export async function observeCommand(metrics: Metrics | undefined, platform: string, parsed: ParsedCommand, run: () => Promise<Reply>): Promise<Reply> {
  if (!metrics) return run();
  const startedAt = currentRequest()?.receivedAt ?? performance.now();
  const done = (outcome: Outcome) => metrics.commandDone(platform, parsed.key, outcome, (performance.now() - startedAt) / 1000);
  let reply: Reply;
  try {
    reply = await run();
  } catch (error) {
    done("error");
    throw error;
  }
  const outcome = outcomeOf(reply);
  done(outcome);
  if (outcome === "ok" && parsed.key === "poll position") metrics.positionCast(platform, String(parsed.args["stance"] ?? "unknown"));
  return reply;
}

/**
 * A command the parser refused (an unknown action, a missing or malformed option): counted with the
 * outcome "invalid" under its command's name when the catalogue has one (else "unknown"), never what
 * was typed, so that the label keeps to the catalogue's few dozen values.
 */
export function observeInvalid(metrics: Metrics | undefined, platform: string, commandName: string | undefined): void {
  if (!metrics) return;
  const startedAt = currentRequest()?.receivedAt ?? performance.now();
  const name = commandName !== undefined && findCommand(commandName) ? commandName : "unknown";
  metrics.commandDone(platform, name, "invalid", (performance.now() - startedAt) / 1000);
}

/** The command word a line of the grammar starts with, for observeInvalid. */
export const commandWordOf = (line: string): string | undefined => line.trim().replace(/^\//, "").split(/\s+/)[0] || undefined;
