// What slash commands and interactions share: who is speaking, running a command safely, and how a
// reply reads on Slack.
import type { Logger as BoltLogger } from "@slack/bolt";
import { parseCommand, type ParsedCommand } from "../../../commands/index.ts";
import type { CommandContext } from "../../app/context.ts";
import type { InFlight } from "../../app/inFlight.ts";
import { commandWordOf, observeCommand, observeInvalid } from "../../app/observeCommand.ts";
import type { PlatformServices } from "../../app/platform.ts";
import { whisper, type Reply } from "../../app/reply.ts";
import type { Group } from "../../core/setup/group.ts";
import { runInWorkspace, type WorkspaceGroups } from "../../app/workspaceGroups.ts";
import { newRequestId, withRequest } from "../../infra/requestContext.ts";
import { cardBlocks, cardSummary, withAttachedFile } from "./blocks.ts";
import type { RecentDeliveries } from "./dedupe.ts";
import type { DatabaseTurns } from "../../infra/db/turns.ts";
import { ReplayedRequest, type DeliveredRequest } from "../../core/access/replay.ts";
import { resolveSlackUser, slackCaller } from "./identity.ts";

export interface Handling {
  services: PlatformServices;
  log: BoltLogger;
  deliveries: RecentDeliveries;
  /** Where commands run: on SQLite one at a time, after a turn of the event loop (src/infra/db/turns.ts). */
  turns: DatabaseTurns;
  commandPrefix: string;
  /** Delivers the outbox now; calls during a delivery share the next one. */
  deliverNow: () => Promise<void>;
  /** The interactions taken and not finished, for a graceful stop. */
  flight: InFlight;
  /** Each workspace's group (src/app/workspaceGroups.ts). */
  groups: WorkspaceGroups;
}

/** Who sent a Slack request, and from where: the team id decides the group. */
export interface SlackOrigin {
  /** The workspace (team id) the request came from, as Slack signed it. */
  teamId: string | undefined;
  userId: string;
  channelId: string;
  request?: DeliveredRequest;
}

type Acknowledge = (...response: never[]) => Promise<void>;

/**
 * Every listener goes through here: while the bot is stopping, a new interaction is not acknowledged
 * (Slack then tells its author that it failed); otherwise it is tracked until it has been answered, it
 * gets a request id that its logs and outbox rows carry, and its acknowledgement is timed.
 */
export function guarded<A extends { ack: Acknowledge }>(handling: Handling, what: string, listener: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    if (handling.flight.draining) return;
    const receivedAt = performance.now();
    const ack = (async (...response: never[]) => {
      await args.ack(...response);
      handling.services.metrics?.acknowledged("slack", (performance.now() - receivedAt) / 1000);
    }) as A["ack"];
    const id = newRequestId("slack");
    await handling.flight.track(
      withRequest(
        id,
        () => {
          handling.log.debug(`Received ${what}`);
          return listener({ ...args, ack });
        },
        receivedAt,
      ),
    );
  };
}

/**
 * How long a command may take to be recorded before its acknowledgement, which Slack wants within 3 s;
 * the rest is the margin for the network. Slack does not deliver a slash command or an interaction
 * again when the acknowledgement is late or missing: the user "will be shown an error message"
 * (docs.slack.dev/interactivity/implementing-slash-commands, "Confirming receipt": an
 * `operation_timeout`; handling-user-interaction, "Acknowledgment response"). Only the Events API
 * retries (X-Slack-Retry-Num). So a command is acknowledged only once it has been recorded, and one
 * not recorded within the budget is left unacknowledged and still finishes, answered through response_url.
 */
export const ACK_BUDGET_MS = 2500;

/** The promise's value if it settles within `ms`, else null (the promise keeps running). */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, ms, null);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Leads an answer sent after Slack has shown its timeout, so that the user knows which to believe. */
export const LATE_ANSWER = "_Slack may have told you this failed: I took longer than it waits. Here is what happened:_\n";

const FAILURE = "Something went wrong on my side and nothing was changed. Try again; if it persists, tell the operator.";

function commandContext(handling: Handling, origin: SlackOrigin, group: Group): CommandContext {
  const { request } = origin;
  return {
    deps: handling.services.deps,
    caller: { ...slackCaller(group.id, origin.userId), ...(request ? { request } : {}) },
    group,
    channelId: origin.channelId,
    ...(handling.services.publicUrl ? { publicUrl: handling.services.publicUrl } : {}),
    resolveUser: resolveSlackUser,
  };
}

/**
 * Runs a parsed command for a Slack user, in the group of the team it came from; an unexpected failure
 * becomes a private apology, and is logged.
 */
export async function runFor(handling: Handling, origin: SlackOrigin, parsed: ParsedCommand): Promise<Reply> {
  const { userId, request } = origin;
  const workspaceRequest = {
    workspace: origin.teamId ? { platform: "slack" as const, id: origin.teamId } : null,
    speaker: { platform: "slack" as const, externalId: userId, ...(request ? { request } : {}) },
    operators: handling.services.operators ?? [],
  };
  try {
    return await observeCommand(handling.services.metrics, "slack", parsed, () =>
      handling.turns.run(userId, () => runInWorkspace(handling.groups, workspaceRequest, parsed, (group) => commandContext(handling, origin, group))),
    );
  } catch (error) {
    if (error instanceof ReplayedRequest) {
      // Applied once already (before a restart, or by another process): nothing more, and no second answer.
      handling.log.info(`Ignored a replay of /${parsed.key} (${error.requestId})`);
      return whisper("", { replayed: true });
    }
    handling.log.error(`/${parsed.key} from Slack user ${userId} failed:`, error);
    return whisper(FAILURE, { error: true });
  }
}

/** Runs one line of the shared grammar that the adapter itself composed (a button, a modal). */
export async function runLineFor(handling: Handling, origin: SlackOrigin, line: string): Promise<Reply> {
  const parsed = parseCommand(line);
  if (!parsed.ok) {
    observeInvalid(handling.services.metrics, "slack", commandWordOf(line));
    return whisper(parsed.error, { refused: "invalid_command" });
  }
  return runFor(handling, origin, parsed.value);
}

/** A request the database knew as applied: it gets no answer. */
export const isReplay = (reply: Reply): boolean => reply.data?.["replayed"] === true;

/** Refusals, parse errors and failures: the reply explains why nothing happened. */
export const isRefusal = (reply: Reply): boolean => reply.data?.["refused"] !== undefined || reply.data?.["error"] === true;

export const responseOf = (reply: Reply, commandPrefix: string) => ({
  response_type: reply.visibility === "channel" ? ("in_channel" as const) : ("ephemeral" as const),
  text: reply.card ? cardSummary(reply.card) : withAttachedFile(reply.text, reply.data, commandPrefix),
  ...(reply.card ? { blocks: cardBlocks(reply.card) } : {}),
});

/** Delivers what the command queued (poll cards, announcements) now rather than at the next tick. */
export async function nudge(handling: Handling): Promise<void> {
  try {
    await handling.deliverNow();
  } catch (error) {
    handling.log.error("outbox delivery after a Slack command failed:", error);
  }
}
