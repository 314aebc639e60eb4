// Builders for the JSON Discord puts on the wire: users, members, channels, guilds, messages, and
// the INTERACTION_CREATE payloads tests dispatch. Field sets follow what discord.js 14 reads when it
// builds its structures, so an unmodified Client accepts them without throwing.
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIChannel,
  APIChatInputApplicationCommandInteraction,
  APIGuildMember,
  APIInteractionDataResolved,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
  APIRole,
  APIUser,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
} from "discord.js";
import { ChannelKind, type FakeChannel, type FakeGuild, type FakeRole, type FakeUser, type StoredMessage, type World } from "./world.ts";

export const InteractionKind = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const InteractionContext = { Guild: 0, BotDM: 1 } as const;

const permissionBit = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

const everyoneBits =
  permissionBit.AddReactions |
  permissionBit.ViewChannel |
  permissionBit.SendMessages |
  permissionBit.EmbedLinks |
  permissionBit.AttachFiles |
  permissionBit.ReadMessageHistory |
  permissionBit.UseExternalEmojis |
  permissionBit.Connect |
  permissionBit.Speak |
  permissionBit.ChangeNickname |
  permissionBit.UseApplicationCommands |
  permissionBit.CreatePublicThreads |
  permissionBit.SendMessagesInThreads;

/** What a fresh guild grants @everyone. */
export const DEFAULT_EVERYONE_PERMISSIONS = everyoneBits.toString();
/** What the bot may do in a channel (`app_permissions`). */
export const DEFAULT_APP_PERMISSIONS = (everyoneBits | permissionBit.ManageMessages).toString();

/** The attachment size limit Discord reports for unboosted guilds (10 MiB). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export function userJson(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

function requireUser(world: World, id: string): FakeUser {
  const user = world.user(id);
  if (!user) throw new Error(`fake discord: unknown user ${id}`);
  return user;
}

export function memberJson(world: World, guild: FakeGuild, userId: string): APIGuildMember {
  return {
    user: userJson(requireUser(world, userId)),
    nick: null,
    avatar: null,
    banner: null,
    roles: guild.memberRoleIds[userId] ?? [],
    joined_at: guild.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

export function roleJson(role: FakeRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

/** `includeGuildId` is false inside GUILD_CREATE, where Discord omits it on each channel. */
export function channelJson(world: World, channel: FakeChannel, includeGuildId = true): APIChannel {
  if (channel.type === ChannelKind.DM) {
    return {
      id: channel.id,
      type: ChannelKind.DM,
      last_message_id: lastMessageId(world, channel.id),
      flags: 0,
      recipients: channel.recipientIds.map((id) => userJson(requireUser(world, id))),
    } as unknown as APIChannel;
  }
  const base = {
    id: channel.id,
    type: channel.type,
    name: channel.name ?? "",
    position: channel.position,
    permission_overwrites: [],
    parent_id: channel.parentId,
    flags: 0,
    nsfw: false,
    ...(includeGuildId ? { guild_id: channel.guildId } : {}),
  };
  if (channel.type === ChannelKind.GuildCategory) return base as APIChannel;
  if (channel.type === ChannelKind.GuildVoice) {
    return { ...base, bitrate: 64000, user_limit: 0, rtc_region: null, rate_limit_per_user: 0, last_message_id: null } as APIChannel;
  }
  return {
    ...base,
    topic: null,
    last_message_id: lastMessageId(world, channel.id),
    rate_limit_per_user: 0,
    default_auto_archive_duration: 1440,
  } as APIChannel;
}

function lastMessageId(world: World, channelId: string): string | null {
  const inChannel = world.messages.filter((message) => message.channelId === channelId && !message.deleted);
  return inChannel.at(-1)?.id ?? null;
}

export function guildJson(_world: World, guild: FakeGuild): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    region: "deprecated",
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channelIds[0] ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    max_presences: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    nsfw_level: 0,
    hub_type: null,
    incidents_data: null,
    roles: guild.roles.map(roleJson),
    emojis: [],
    stickers: [],
  };
}

/** The GUILD_CREATE dispatch body: the guild plus the gateway-only extras (channels, members, ...). */
export function guildCreateJson(world: World, guild: FakeGuild): Record<string, unknown> {
  return {
    ...guildJson(world, guild),
    unavailable: false,
    joined_at: guild.joinedAt,
    large: false,
    lazy: true,
    member_count: guild.memberIds.length,
    members: guild.memberIds.map((id) => memberJson(world, guild, id)),
    channels: guild.channelIds.flatMap((id) => {
      const channel = world.channel(id);
      return channel ? [channelJson(world, channel, false)] : [];
    }),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function applicationJson(world: World): Record<string, unknown> {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    summary: "",
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: world.verifyKey,
    flags: 0,
    team: null,
    owner: userJson(world.botUser),
    bot: userJson(world.botUser),
    approximate_guild_count: world.guilds.length,
    integration_types_config: { "0": {} },
    tags: [],
    redirect_uris: [],
    interactions_endpoint_url: world.interactionsEndpointUrl,
  };
}

export function messageJson(world: World, message: StoredMessage): APIMessage {
  const interaction = message.interactionId ? world.interaction(message.interactionId) : undefined;
  return {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    author: userJson(requireUser(world, message.authorId)),
    content: message.content,
    timestamp: message.createdAt,
    edited_timestamp: message.editedAt,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      size: attachment.size,
      url: `https://cdn.discordapp.invalid/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
      proxy_url: `https://media.discordapp.invalid/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
      ...(attachment.contentType ? { content_type: attachment.contentType } : {}),
    })),
    embeds: message.embeds as APIMessage["embeds"],
    components: message.components as APIMessage["components"],
    pinned: false,
    flags: message.flags,
    ...(message.nonce !== null ? { nonce: message.nonce } : {}),
    ...(message.webhookId ? { webhook_id: message.webhookId, application_id: world.applicationId } : {}),
    ...(interaction
      ? {
          interaction_metadata: {
            id: interaction.id,
            type: interaction.type,
            user: userJson(requireUser(world, interaction.userId)),
            authorizing_integration_owners: authorizingOwners(interaction.guildId),
          } as APIMessage["interaction_metadata"],
        }
      : {}),
  } as APIMessage;
}

function authorizingOwners(guildId: string | null): Record<string, string> {
  // The bot is guild-installed; in its DMs Discord reports the guild-install owner as "0".
  return { "0": guildId ?? "0" };
}

// ---------------------------------------------------------------------------------------------
// Interaction payloads

export type OptionInput =
  | string
  | number
  | boolean
  | { type: number; value: string | number | boolean };

export interface InteractionActor {
  /** User id or username; defaults to the first non-bot user. */
  user?: string;
  /** Defaults to the first guild; pass null for an interaction in the bot's DM with the user. */
  guildId?: string | null;
  /** Defaults to the guild's first text channel (or the DM channel when guildId is null). */
  channelId?: string;
  locale?: string;
  /** The invoking member's permission bitfield; defaults to @everyone's plus their roles'. */
  memberPermissions?: string;
  appPermissions?: string;
}

export interface ChatInputOptions extends InteractionActor {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionInput>;
}

export interface AutocompleteOptions extends ChatInputOptions {
  /** Name of the option the user is typing in. */
  focused: string;
}

export interface ButtonOptions extends InteractionActor {
  customId: string;
  /** The message carrying the button: a stored message or its id. */
  message: StoredMessage | string;
}

export interface ModalSubmitOptions extends InteractionActor {
  customId: string;
  /** Text input custom_id → submitted value. */
  fields: Record<string, string>;
  /** Set when the modal was opened from a message component. */
  message?: StoredMessage | string;
  /**
   * How Discord echoes the inputs: "actionRow" for modals built from action rows (the default),
   * "label" for modals built from label components (type 18). discord.js reads both.
   */
  layout?: "actionRow" | "label";
}

export type FakeInteractionPayload =
  | APIChatInputApplicationCommandInteraction
  | APIApplicationCommandAutocompleteInteraction
  | APIMessageComponentButtonInteraction
  | APIModalSubmitInteraction;

interface ResolvedActor {
  user: FakeUser;
  guild: FakeGuild | null;
  channel: FakeChannel;
}

function resolveActor(world: World, actor: InteractionActor): ResolvedActor {
  const user = actor.user
    ? world.users.find((candidate) => candidate.id === actor.user || candidate.username === actor.user)
    : world.users.find((candidate) => !candidate.bot);
  if (!user) throw new Error(`fake discord: no user ${actor.user ?? "(any non-bot)"} configured`);

  if (actor.guildId === null) {
    const channel = actor.channelId ? world.channel(actor.channelId) : world.openDm(user.id);
    if (!channel) throw new Error(`fake discord: unknown channel ${actor.channelId}`);
    return { user, guild: null, channel };
  }

  const guild = actor.guildId ? world.guild(actor.guildId) : world.guilds[0];
  if (!guild) throw new Error(`fake discord: unknown guild ${actor.guildId ?? "(none configured)"}`);
  const channel = actor.channelId
    ? world.channel(actor.channelId)
    : guild.channelIds.map((id) => world.channel(id)).find((candidate) => candidate?.type === ChannelKind.GuildText);
  if (!channel) throw new Error(`fake discord: no channel ${actor.channelId ?? "(text)"} in guild ${guild.id}`);
  return { user, guild, channel };
}

/** The fields every interaction carries, whatever its type. */
function interactionEnvelope(world: World, actor: InteractionActor, resolved: ResolvedActor) {
  const { user, guild, channel } = resolved;
  const appPermissions = actor.appPermissions ?? DEFAULT_APP_PERMISSIONS;
  const channelPayload = {
    ...(channelJson(world, channel) as unknown as Record<string, unknown>),
    ...(guild ? { permissions: appPermissions } : {}),
  };
  const who = guild
    ? {
        guild_id: guild.id,
        guild: { id: guild.id, locale: "en-US", features: [] },
        guild_locale: "en-US",
        member: {
          ...memberJson(world, guild, user.id),
          permissions: actor.memberPermissions ?? memberPermissions(guild, user.id),
        } satisfies APIInteractionGuildMember,
      }
    : { user: userJson(user) };
  return {
    id: world.nextId(),
    application_id: world.applicationId,
    token: world.nextInteractionToken(),
    version: 1 as const,
    channel: channelPayload as APIChatInputApplicationCommandInteraction["channel"],
    channel_id: channel.id,
    ...who,
    locale: (actor.locale ?? user.locale) as APIChatInputApplicationCommandInteraction["locale"],
    app_permissions: appPermissions,
    entitlements: [],
    authorizing_integration_owners: authorizingOwners(guild?.id ?? null),
    context: guild ? InteractionContext.Guild : InteractionContext.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

/** Guild-level permissions: @everyone's plus those of the member's roles. */
function memberPermissions(guild: FakeGuild, userId: string): string {
  const roleIds = new Set([guild.id, ...(guild.memberRoleIds[userId] ?? [])]);
  return guild.roles
    .filter((role) => roleIds.has(role.id))
    .reduce((bits, role) => bits | BigInt(role.permissions), 0n)
    .toString();
}

/** Registered command with that name (guild commands shadow global ones), if the bot registered it. */
function findCommand(world: World, name: string, guildId: string | null) {
  const named = world.commands.filter((command) => command.definition.name === name);
  return named.find((command) => command.guildId === guildId) ?? named.find((command) => command.guildId === null);
}

function buildOptions(
  world: World,
  resolved: ResolvedActor,
  input: Record<string, OptionInput>,
  focused: string | null,
): { options: APIApplicationCommandInteractionDataOption[]; resolvedData: APIInteractionDataResolved | undefined } {
  const resolvedData: APIInteractionDataResolved = {};
  const options = Object.entries(input).map(([name, raw]) => {
    const { type, value } = typeof raw === "object" ? raw : { type: inferOptionType(raw), value: raw };
    addResolved(world, resolved, resolvedData, type, String(value));
    return {
      name,
      type,
      value,
      ...(name === focused ? { focused: true } : {}),
    } as APIApplicationCommandInteractionDataOption;
  });
  return { options, resolvedData: Object.keys(resolvedData).length > 0 ? resolvedData : undefined };
}

function inferOptionType(value: string | number | boolean): number {
  if (typeof value === "boolean") return OptionType.Boolean;
  if (typeof value === "number") return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

/** Discord sends the full objects behind user/channel/role option values in `data.resolved`. */
function addResolved(world: World, actor: ResolvedActor, resolved: APIInteractionDataResolved, type: number, id: string): void {
  if (type === OptionType.User || type === OptionType.Mentionable) {
    const user = world.user(id);
    if (user) {
      resolved.users = { ...resolved.users, [id]: userJson(user) };
      if (actor.guild?.memberIds.includes(id)) {
        const { user: _user, deaf: _deaf, mute: _mute, ...member } = memberJson(world, actor.guild, id);
        resolved.members = {
          ...resolved.members,
          [id]: { ...member, permissions: memberPermissions(actor.guild, id) },
        };
      }
    }
  }
  if (type === OptionType.Channel) {
    const channel = world.channel(id);
    if (channel) {
      resolved.channels = {
        ...resolved.channels,
        [id]: { id, type: channel.type, name: channel.name, permissions: DEFAULT_APP_PERMISSIONS } as never,
      };
    }
  }
  if (type === OptionType.Role || type === OptionType.Mentionable) {
    const role = actor.guild?.roles.find((candidate) => candidate.id === id);
    if (role) resolved.roles = { ...resolved.roles, [id]: roleJson(role) };
  }
}

/** Subcommands nest their options one level down, groups two levels. */
function nestUnderSubcommands(
  options: APIApplicationCommandInteractionDataOption[],
  subcommand: string | undefined,
  group: string | undefined,
): APIApplicationCommandInteractionDataOption[] {
  if (!subcommand) return options;
  const sub = { name: subcommand, type: OptionType.Subcommand, options } as APIApplicationCommandInteractionDataOption;
  if (!group) return [sub];
  return [{ name: group, type: OptionType.SubcommandGroup, options: [sub] } as APIApplicationCommandInteractionDataOption];
}

function commandData(world: World, resolved: ResolvedActor, spec: ChatInputOptions, focused: string | null) {
  const command = findCommand(world, spec.name, resolved.guild?.id ?? null);
  const { options, resolvedData } = buildOptions(world, resolved, spec.options ?? {}, focused);
  return {
    id: command?.id ?? world.nextId(),
    name: spec.name,
    type: 1 as const,
    ...(command?.guildId ? { guild_id: command.guildId } : {}),
    options: nestUnderSubcommands(options, spec.subcommand, spec.subcommandGroup),
    ...(resolvedData ? { resolved: resolvedData } : {}),
  };
}

export function buildChatInput(world: World, spec: ChatInputOptions): APIChatInputApplicationCommandInteraction {
  const resolved = resolveActor(world, spec);
  return {
    ...interactionEnvelope(world, spec, resolved),
    type: InteractionKind.ApplicationCommand,
    data: commandData(world, resolved, spec, null),
  } as APIChatInputApplicationCommandInteraction;
}

export function buildAutocomplete(world: World, spec: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction {
  const resolved = resolveActor(world, spec);
  const data = commandData(world, resolved, spec, spec.focused);
  // Discord sends autocomplete without `resolved`, and the half-typed value is always a string.
  const { resolved: _resolved, ...withoutResolved } = data;
  return {
    ...interactionEnvelope(world, spec, resolved),
    type: InteractionKind.Autocomplete,
    data: withoutResolved,
  } as APIApplicationCommandAutocompleteInteraction;
}

function sourceMessage(world: World, message: StoredMessage | string): StoredMessage {
  const stored = typeof message === "string" ? world.message(message) : message;
  if (!stored) throw new Error(`fake discord: unknown message ${String(message)}`);
  return stored;
}

/** A component lives on a message, so the interaction happens where that message is. */
function actorAtMessage(actor: InteractionActor, message: StoredMessage): InteractionActor {
  return {
    ...actor,
    channelId: actor.channelId ?? message.channelId,
    guildId: actor.guildId !== undefined ? actor.guildId : message.guildId,
  };
}

export function buildButton(world: World, spec: ButtonOptions): APIMessageComponentButtonInteraction {
  const message = sourceMessage(world, spec.message);
  const resolved = resolveActor(world, actorAtMessage(spec, message));
  return {
    ...interactionEnvelope(world, spec, resolved),
    type: InteractionKind.MessageComponent,
    message: messageJson(world, message),
    data: { custom_id: spec.customId, component_type: 2 },
  } as APIMessageComponentButtonInteraction;
}

export function buildModalSubmit(world: World, spec: ModalSubmitOptions): APIModalSubmitInteraction {
  const message = spec.message ? sourceMessage(world, spec.message) : null;
  const resolved = resolveActor(world, message ? actorAtMessage(spec, message) : spec);
  const components = Object.entries(spec.fields).map(([customId, value], index) => {
    const input = { type: 4, id: index * 2 + 2, custom_id: customId, value };
    return spec.layout === "label"
      ? { type: 18, id: index * 2 + 1, component: input }
      : { type: 1, id: index * 2 + 1, components: [input] };
  });
  return {
    ...interactionEnvelope(world, spec, resolved),
    type: InteractionKind.ModalSubmit,
    ...(message ? { message: messageJson(world, message) } : {}),
    data: { custom_id: spec.customId, components },
  } as APIModalSubmitInteraction;
}
