// One Slack slash command per catalogue command (/poll, /agency, …). The free text after it is the
// shared text grammar, so `/poll open title:"Budget" closes:7d` runs exactly what the shell would run.
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs, SlashCommand } from "@slack/bolt";
import { catalogue, findCommand, parseCommand, type CommandSpec } from "../../../commands/index.ts";
import { whisper, type Reply } from "../../app/reply.ts";
import { observeInvalid } from "../../app/observeCommand.ts";
import { slashCommandName } from "./config.ts";
import { ACK_BUDGET_MS, guarded, isReplay, LATE_ANSWER, nudge, responseOf, runFor, settledWithin, type Handling } from "./handling.ts";
import type { DeliveredRequest } from "../../core/access/replay.ts";
import { isSlackMention, normalizeCommandText } from "./identity.ts";

/** The grammar line for a slash command: `/poll` alone or `/poll help` explains the command. */
export function commandLine(spec: CommandSpec, text: string): string {
  const rest = normalizeCommandText(text).trim();
  const needsSubcommand = !("" in spec.actions);
  if ((rest === "" && needsSubcommand) || rest.toLowerCase() === "help") return `help ${spec.name}`;
  return rest === "" ? spec.name : `${spec.name} ${rest}`;
}

/**
 * USER options must be Slack mentions: only a mention carries the account, and a bare name could
 * match, or create, the wrong person. Checked from the catalogue's option kinds, for every command.
 */
function unmentionedUsers(key: string, args: Record<string, unknown>): string[] {
  const [command, action = ""] = key.split(" ");
  const options = findCommand(command ?? "")?.actions[action]?.options ?? {};
  return Object.entries(options)
    .filter(([name, option]) => option.kind === "user" && typeof args[name] === "string" && !isSlackMention(args[name]))
    .map(([name]) => name);
}

export async function handleSlashCommand(handling: Handling, spec: CommandSpec, command: Pick<SlashCommand, "text" | "user_id" | "channel_id" | "team_id">, request?: DeliveredRequest): Promise<Reply> {
  const parsed = parseCommand(commandLine(spec, command.text));
  if (!parsed.ok) {
    observeInvalid(handling.services.metrics, "slack", spec.name);
    return whisper(parsed.error, { refused: "invalid_command" });
  }
  const unmentioned = unmentionedUsers(parsed.value.key, parsed.value.args);
  if (unmentioned.length) {
    const options = unmentioned.map((name) => `${name}:`).join(", ");
    return whisper(`${options} must mention a Slack user, such as ${unmentioned[0]}:@alice (pick the name from Slack's list), so that I know which account is meant.`, {
      refused: "user_not_mentioned",
    });
  }
  return runFor(handling, { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id, ...(request ? { request } : {}) }, parsed.value);
}

export function registerSlashCommands(app: App, handling: Handling): string[] {
  const names: string[] = [];
  for (const spec of catalogue) {
    const name = slashCommandName(spec.name, handling.commandPrefix);
    names.push(name);
    app.command(
      name,
      guarded(handling, name, async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
        const request = handling.deliveries.receive(`command:${command.trigger_id}`);
        if (!request) {
          // Slack documents no redelivery of slash commands; a replayed one was answered by its first delivery.
          handling.log.info(`Ignored a redelivery of ${name} (retry ${String(context.retryNum ?? "without header")})`);
          await ack();
          return;
        }
        // Acknowledged with its answer once recorded: acknowledged first, a command on a process killed
        // before its commit was lost although the delegate had seen it acknowledged, and Slack never
        // sends it again (see ACK_BUDGET_MS).
        const running = handleSlashCommand(handling, spec, command, request);
        const early = await settledWithin(running, ACK_BUDGET_MS);
        if (early !== null) {
          await (isReplay(early) ? ack() : ack(responseOf(early, handling.commandPrefix)));
          if (!isReplay(early)) await nudge(handling);
          return;
        }
        handling.log.warn(`${name} was not recorded within Slack's 3 s and is left unacknowledged (Slack shows the user a timeout); its answer follows through response_url`);
        const reply = await running;
        if (isReplay(reply)) return;
        const answer = responseOf(reply, handling.commandPrefix);
        await respond({ ...answer, text: LATE_ANSWER + answer.text });
        await nudge(handling);
      }),
    );
  }
  return names;
}
