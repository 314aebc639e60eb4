// An interaction as Discord sent it, whichever way it came: over the gateway (INTERACTION_CREATE) or
// POSTed to the interactions endpoint (httpInteractions.ts). The handler reads the raw payload and
// answers through `respond`; only that first answer differs between the two transports (a REST
// callback, or the HTTP response itself). Everything after it goes through the interaction's webhook.
import {
  ApplicationCommandOptionType,
  ComponentType,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  type APIModalSubmitInteraction,
  type APIUser,
} from "discord.js";

export interface ResponseFile {
  name: string;
  data: Buffer;
}

export interface ReceivedInteraction {
  readonly data: APIInteraction;
  /**
   * Sends the interaction response, the one answer Discord waits 3 s for. It resolves once Discord has
   * it (the REST callback answered, or the HTTP response written) and rejects when it was refused.
   */
  respond(response: APIInteractionResponse, files?: ResponseFile[]): Promise<void>;
  /** Whether `respond` can carry files; the HTTP response carries JSON only, so a file goes after a deferral. */
  readonly respondsWithFiles: boolean;
  /**
   * Set when an earlier run acknowledged the interaction and stopped before it was done (its replica
   * died; intake.ts): when the bot first received it. Such a run answers through the webhook only.
   */
  readonly heldSince?: Date;
}

/** Discord's epoch, from which a snowflake counts its milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** When Discord created the interaction: its 3 s window runs from then. */
export const createdAt = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH);

/** Who acted: the member's user in a server, the user in a DM. */
export function userOf(data: APIInteraction): APIUser | null {
  return data.member?.user ?? data.user ?? null;
}

export const channelOf = (data: APIInteraction): string | null => data.channel?.id ?? ("channel_id" in data ? ((data as { channel_id?: string }).channel_id ?? null) : null);

/** The subcommand and its options, or the command's own options when it has no subcommands. */
export function commandOptions(options: readonly APIApplicationCommandInteractionDataOption[] | undefined): {
  subcommand: string | null;
  options: readonly APIApplicationCommandInteractionDataOption[];
} {
  const first = options?.[0];
  if (first && first.type === ApplicationCommandOptionType.SubcommandGroup) return commandOptions(first.options);
  if (first && first.type === ApplicationCommandOptionType.Subcommand) return { subcommand: first.name, options: first.options ?? [] };
  return { subcommand: null, options: options ?? [] };
}

/** The value of a modal's text input by its custom id, in a label (the current layout) or an action row. */
export function textInputValue(data: APIModalSubmitInteraction["data"], customId: string): string | null {
  for (const component of data.components as unknown as { type: number; component?: Input; components?: Input[] }[]) {
    const inputs = component.component ? [component.component] : (component.components ?? []);
    for (const input of inputs) if (input.type === ComponentType.TextInput && input.custom_id === customId) return input.value ?? "";
  }
  return null;
}

interface Input {
  type: number;
  custom_id?: string;
  value?: string;
}
