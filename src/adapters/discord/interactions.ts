// Receives Discord interactions and runs them through the catalogue and the core, like every other
// adapter: read the typed options back as text, validate with the action's zod schema, run the bound
// use case, answer. Slash commands, the buttons and modal of a poll card, and autocomplete.
import {
  ApplicationCommandType,
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  InteractionResponseType,
  InteractionType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponseCallbackData,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitInteraction,
} from "discord.js";
import type { CommandContext } from "../../app/context.ts";
import { randomUUID } from "node:crypto";
import { ReplayedRequest, type DeliveredRequest } from "../../core/access/replay.ts";
import { commandWordOf, observeCommand, observeInvalid } from "../../app/observeCommand.ts";
import type { PlatformServices } from "../../app/platform.ts";
import { whisper, type Reply } from "../../app/reply.ts";
import type { Caller } from "../../core/access/actor.ts";
import type { UserRef } from "../../core/people/userRef.ts";
import type { Group, WorkspaceRef } from "../../core/setup/group.ts";
import { runInWorkspace, type WorkspaceGroups } from "../../app/workspaceGroups.ts";
import { quote, parseLine } from "../../../commands/grammar.ts";
import { findCommand, parseCommand, type ParseResult } from "../../../commands/index.ts";
import { CONFIRMATIONS, fillTitle, QUESTIONS } from "../../core/cards/card.ts";
import { currentRequest } from "../../infra/requestContext.ts";
import { Acknowledgement } from "./acknowledgement.ts";
import { commandOptions, createdAt, channelOf, textInputValue, userOf, type ReceivedInteraction } from "./incoming.ts";
import type { DatabaseTurns } from "../../infra/db/turns.ts";
import type { InteractionWebhooks } from "./webhooks.ts";
import type { DiscordIntake } from "./intake.ts";
import { mentionedId, readChatInput, validate } from "./commandInput.ts";
import { optionBeingTyped, suggestionsFor } from "./completions.ts";
import { CANCEL_ID, parseCustomId, runPress } from "./customIds.ts";
import { clip } from "./rendering.ts";

/** The catalogue's length limit of the option a form asks for, which the form's input then keeps. */
function optionMaxLength(line: string, option: string): number | undefined {
  const words = parseLine(line);
  if (!words.ok) return undefined;
  const [command = "", action = ""] = words.value.words;
  return findCommand(command)?.actions[action]?.options[option]?.maxLength;
}

export interface AckPolicy {
  /** Answer directly if the work is done within this; otherwise defer (Discord allows 3 s in all). */
  deferAfterMs: number;
  /**
   * With this many commands already given to the database (counted from their arrival), the wait alone
   * can outlast the budget (on SQLite they run one at a time, a few milliseconds each), so a slash
   * command is deferred before any work starts.
   */
  busyAt: number;
  /** Autocomplete cannot be deferred: past this, it answers with no suggestions rather than fail. */
  autocompleteWithinMs: number;
}

export const DEFAULT_ACK_POLICY: AckPolicy = { deferAfterMs: 1500, busyAt: 16, autocompleteWithinMs: 2000 };

export interface InteractionEnvironment {
  services: PlatformServices;
  policy: AckPolicy;
  /** Where commands run: on SQLite one at a time, behind the acknowledgements in flight (src/infra/db/turns.ts). */
  turns: DatabaseTurns;
  /** Where the answers after an acknowledgement go. */
  webhooks: InteractionWebhooks;
  /** Where an interaction is held from its deferral until its command has run (intake.ts). */
  intake: DiscordIntake;
  /** Each server's group, as of a moment ago: re-read now and then, not on every vote. */
  groups: WorkspaceGroups;
  /** Asks for the outbox to be delivered soon (after a command has queued messages). */
  deliverSoon(): void;
  /** The guild this deployment serves, if it is limited to one. */
  guildId: string | undefined;
  /** A Discord username by id, from what the client has seen. */
  usernameOf(userId: string): string | undefined;
}

const UNKNOWN_INTERACTION = 10062;
const ALREADY_ACKNOWLEDGED = 40060;
/** An error's code and message without its stack: formatting stacks is costly when many fail at once. */
const briefly = (error: unknown) => ({ code: error instanceof DiscordAPIError ? error.code : undefined, reason: error instanceof Error ? error.message : String(error) });

const SOMETHING_WENT_WRONG = "Something went wrong on my side and nothing was changed. Try again; if it persists, tell the operator.";

/** One interaction with what it answers through; `data` narrowed to its kind. */
type Received<T extends APIInteraction> = ReceivedInteraction & { readonly data: T };
type Repliable = Received<APIChatInputApplicationCommandInteraction | APIMessageComponentButtonInteraction | APIModalSubmitInteraction>;

const NO_PINGS = { parse: [] as [] };

/** A private message answering the interaction at once. */
const whisperNow = (interaction: ReceivedInteraction, content: string, more: Omit<APIInteractionResponseCallbackData, "content" | "flags"> = {}) =>
  interaction.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS, ...more } });

export function interactionHandler(env: InteractionEnvironment): (interaction: ReceivedInteraction) => Promise<void> {
  const { logger, deps } = env.services;
  const turns = env.turns;

  /** The server an interaction came from decides its group; a direct message has none. */
  const workspaceOf = (interaction: ReceivedInteraction): WorkspaceRef | null => (interaction.data.guild_id ? { platform: "discord", id: interaction.data.guild_id } : null);
  const userIdOf = (interaction: ReceivedInteraction): string => userOf(interaction.data)?.id ?? "";

  const contextFor = (interaction: Repliable, group: Group, usernames: Map<string, string>, request: DeliveredRequest): CommandContext => {
    // The interaction id is remembered in the database with the command's effects (core/access/replay.ts).
    const caller: Caller = { groupId: group.id, platform: "discord", externalId: userIdOf(interaction), request };
    const resolveUser = (text: string): UserRef => {
      const id = mentionedId(text) ?? (/^\d{15,25}$/.test(text.trim()) ? text.trim() : null);
      if (id === null) return { handle: text.trim().replace(/^@/, ""), identity: { platform: "discord", externalId: text.trim() } };
      return { handle: usernames.get(id) ?? env.usernameOf(id) ?? `discord-${id}`, identity: { platform: "discord", externalId: id } };
    };
    const publicUrl = env.services.publicUrl;
    return { deps, caller, group, channelId: channelOf(interaction.data) ?? "", resolveUser, ...(publicUrl ? { publicUrl } : {}) };
  };

  /** Validates and runs one action of the catalogue, acknowledging in time, then answers. */
  const run = async (
    interaction: Repliable,
    parsed: ParseResult,
    answer: { private?: boolean; usernames?: Map<string, string>; command?: string } = {},
  ): Promise<void> => {
    if (!parsed.ok) {
      observeInvalid(env.services.metrics, "discord", answer.command);
      await whisperNow(interaction, parsed.error);
      return;
    }
    const receivedAt = currentRequest()?.receivedAt ?? performance.now();
    // A run taken over from a replica that died keeps the time the interaction first arrived: a
    // position recorded since then is newer, and is not overwritten (castPosition).
    const request: DeliveredRequest = { id: interaction.data.id, handledBy: randomUUID(), receivedAt: interaction.heldSince ?? new Date() };
    const ack = new Acknowledgement(
      interaction,
      env.webhooks,
      (acknowledgement) => turns.acknowledging(acknowledgement),
      () => env.services.metrics?.acknowledged("discord", (performance.now() - receivedAt) / 1000),
      // Held before it is deferred, so that its command is run even if this process dies before it is
      // done; where writes wait for the command (SQLite), deferred without it (turns.ts).
      turns.sideBySide ? () => env.intake.hold(interaction.data, request.receivedAt) : undefined,
    );
    let acknowledged = Promise.resolve(true);
    if (!interaction.heldSince) {
      // With this many commands ahead, the wait alone could outlast Discord's window: acknowledge at once.
      // The command keeps its place in the turns (a delegate's later click must win), but does not run if
      // the acknowledgement failed, since its author was told that it failed.
      // Discord's window runs from the interaction's creation (its snowflake's time), not from when it
      // reached us; a clock ahead of Discord's only makes the bot defer sooner.
      const age = Math.max(0, Date.now() - createdAt(interaction.data.id));
      const budget = env.policy.deferAfterMs - age;
      // Deferring a button or a form shows nothing, so those are deferred as soon as anything waits.
      const busyAt = ack.style === "update" ? Math.min(1, env.policy.busyAt) : env.policy.busyAt;
      if (turns.length >= busyAt || budget <= 0) {
        acknowledged = ack.deferNow().then(
          () => true,
          (error: unknown) => {
            logger.warn({ ...briefly(error), interaction: interaction.data.id }, "could not acknowledge; the command was not run");
            return false;
          },
        );
      } else {
        ack.deferAfter(Math.min(budget, env.policy.deferAfterMs));
      }
    }
    try {
      let reply: Reply | null;
      try {
        reply = await turns.run(userIdOf(interaction), async () =>
          (await acknowledged)
            ? observeCommand(env.services.metrics, "discord", parsed.value, () =>
                runInWorkspace(
                  env.groups,
                  { workspace: workspaceOf(interaction), speaker: { platform: "discord", externalId: userIdOf(interaction), request }, operators: env.services.operators ?? [] },
                  parsed.value,
                  (group) => contextFor(interaction, group, answer.usernames ?? new Map(), request),
                ),
              )
            : null,
        );
      } catch (error) {
        if (error instanceof ReplayedRequest) {
          // Applied once already, before a restart or by another process; that delivery answered it.
          logger.info({ interaction: interaction.data.id, command: parsed.value.key }, "ignored a replayed interaction");
          ack.abandon();
          return;
        }
        logger.error({ err: error, command: parsed.value.key }, "command failed");
        reply = whisper(SOMETHING_WENT_WRONG, { error: true });
      }
      if (reply === null) return;
      env.deliverSoon();
      await ack.send(reply, answer);
    } finally {
      // Answered, refused or never acknowledged: nothing is left for another replica to run. (A
      // deferral still on its way holds the interaction once it lands: wait for it first.)
      await ack.settledDeferral();
      await env.intake.release(interaction.data.id);
    }
  };

  const onChatInput = async (interaction: Received<APIChatInputApplicationCommandInteraction>) => {
    const { name, options, resolved } = interaction.data.data;
    const values = readChatInput(name, options ?? [], resolved?.users ?? {});
    if (!values) {
      await whisperNow(interaction, `/${name} is not a command I know any more. Ask the operator to run npm run discord:deploy.`);
      return;
    }
    await run(interaction, validate(values.command, values.action, values.raw), { usernames: values.usernames, command: values.command });
  };

  /** A card's button: run its command, or first confirm (a step of its own: Discord buttons cannot confirm) or ask for a value in a form. */
  const onButton = async (interaction: Received<APIMessageComponentButtonInteraction>) => {
    const customId = interaction.data.data.custom_id;
    if (customId === CANCEL_ID) {
      await interaction.respond({ type: InteractionResponseType.UpdateMessage, data: { content: "Cancelled; nothing was recorded.", components: [] } });
      return;
    }
    const press = parseCustomId(customId);
    if (!press) {
      await whisperNow(interaction, "This button is no longer in use. See the open polls with /poll list.");
      return;
    }
    if (press.step === "confirm") {
      const confirmation = CONFIRMATIONS[press.confirmation];
      await whisperNow(interaction, `**${confirmation.title}**\n${confirmation.text}`, {
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, style: ButtonStyle.Success, label: confirmation.confirm, custom_id: runPress(press.line) },
              { type: ComponentType.Button, style: ButtonStyle.Secondary, label: confirmation.deny, custom_id: CANCEL_ID },
            ],
          },
        ],
      });
      return;
    }
    if (press.step === "ask") {
      // An objection blocks the decision, so it needs a reason: ask for it before anything is recorded.
      const question = QUESTIONS[press.question];
      const parsedLine = parseLine(press.line);
      const options = parsedLine.ok ? parsedLine.value.options : {};
      const input = new TextInputBuilder().setCustomId(question.option).setStyle(TextInputStyle.Paragraph).setRequired(true).setMinLength(1);
      const maxLength = optionMaxLength(press.line, question.option);
      if (maxLength) input.setMaxLength(maxLength);
      const modal = new ModalBuilder()
        .setCustomId(customId.startsWith("ask:") ? customId : `ask:${press.question}:${press.line}`)
        .setTitle(clip(fillTitle(question.title, options), 45))
        .addLabelComponents(new LabelBuilder().setLabel(question.label).setTextInputComponent(input));
      await interaction.respond({ type: InteractionResponseType.Modal, data: modal.toJSON() });
      return;
    }
    await run(interaction, parseCommand(press.line), { private: true, command: commandWordOf(press.line) });
  };

  const onModalSubmit = async (interaction: Received<APIModalSubmitInteraction>) => {
    const press = parseCustomId(interaction.data.data.custom_id);
    if (!press || press.step !== "ask") {
      await whisperNow(interaction, "This form is no longer in use. Object with /poll position instead.");
      return;
    }
    const question = QUESTIONS[press.question];
    const value = textInputValue(interaction.data.data, question.option) ?? "";
    await run(interaction, parseCommand(`${press.line} ${question.option}:${quote(value)}`), { private: true, command: commandWordOf(press.line) });
  };

  const onAutocomplete = async (interaction: Received<APIApplicationCommandAutocompleteInteraction>) => {
    const { subcommand, options } = commandOptions(interaction.data.data.options);
    const focused = options.find((o) => "focused" in o && o.focused);
    const typed = focused && "value" in focused ? String(focused.value ?? "") : "";
    const option = focused ? optionBeingTyped(interaction.data.data.name, subcommand, focused.name) : null;
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), env.policy.autocompleteWithinMs)));
    const work = (async () => {
      if (!option) return [];
      // A server of no group has nothing to suggest.
      const group = await env.groups.resolve(workspaceOf(interaction));
      if (!group.ok) return [];
      return suggestionsFor(option, typed, deps, { groupId: group.value.id, platform: "discord", externalId: userIdOf(interaction) });
    })();
    try {
      const choices = await Promise.race([work, tooSlow]);
      await interaction.respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
    } finally {
      clearTimeout(timer);
      work.catch((error: unknown) => logger.warn({ err: error }, "autocomplete failed"));
    }
  };

  return async (interaction) => {
    const data = interaction.data;
    try {
      if (data.type === InteractionType.Ping) {
        await interaction.respond({ type: InteractionResponseType.Pong });
        return;
      }
      if (env.guildId && data.guild_id && data.guild_id !== env.guildId) {
        if (data.type !== InteractionType.ApplicationCommandAutocomplete) await whisperNow(interaction, "This bot serves another server.");
        return;
      }
      if (data.type === InteractionType.ApplicationCommand && data.data.type === ApplicationCommandType.ChatInput) await onChatInput(interaction as Received<typeof data & APIChatInputApplicationCommandInteraction>);
      else if (data.type === InteractionType.MessageComponent && data.data.component_type === ComponentType.Button) await onButton(interaction as Received<APIMessageComponentButtonInteraction>);
      else if (data.type === InteractionType.ModalSubmit) await onModalSubmit(interaction as Received<APIModalSubmitInteraction>);
      else if (data.type === InteractionType.ApplicationCommandAutocomplete) await onAutocomplete(interaction as Received<APIApplicationCommandAutocompleteInteraction>);
    } catch (error) {
      // Discord forgot the interaction (answered too late, or twice): expected under overload, and
      // cheap to report; anything else is a bug worth its stack trace.
      if (error instanceof DiscordAPIError && (error.code === UNKNOWN_INTERACTION || error.code === ALREADY_ACKNOWLEDGED)) {
        logger.warn({ ...briefly(error), interaction: data.id }, "Discord no longer accepted an answer to this interaction");
      } else {
        logger.error({ err: error, interaction: data.id, type: data.type }, "interaction failed");
      }
    }
  };
}
