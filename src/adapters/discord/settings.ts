// The Discord application's settings for this bot, generated the way the Slack manifest is
// (slack/manifest.ts): what the Developer Portal would otherwise be filled in with by hand. Discord has
// no manifest file, so the settings are the two request bodies that carry them: the application's
// own (PATCH /applications/@me: the Interactions Endpoint URL and what adding the bot to a server
// grants) and the slash commands (PUT /applications/{id}/commands), both checked by the fake Discord
// against Discord's published OpenAPI schema (test/adapters/discordSettings.test.ts).
import { OAuth2Scopes, PermissionFlagsBits, type RESTPatchCurrentApplicationJSONBody } from "discord.js";
import { interactionsEndpointUrl } from "./deploy.ts";
import { registrationJson, type CommandJson } from "./registration.ts";

/**
 * What the bot needs in its channels: to see them, post and edit its cards (Send Messages, Embed
 * Links), attach exports (Attach Files) and find its own earlier messages (Read Message History).
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ReadMessageHistory;

export interface DiscordSettings {
  application: RESTPatchCurrentApplicationJSONBody;
  commands: CommandJson[];
}

/** With `publicUrl`, HTTP interactions mode: Discord POSTs every interaction to the bot's endpoint there. */
export function discordSettings(options: { publicUrl?: string | undefined } = {}): DiscordSettings {
  return {
    application: {
      ...(options.publicUrl ? { interactions_endpoint_url: interactionsEndpointUrl(options.publicUrl) } : {}),
      install_params: { scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands], permissions: BOT_PERMISSIONS.toString() },
    },
    commands: registrationJson(),
  };
}
