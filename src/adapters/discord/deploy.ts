// `npm run discord:deploy`: registers the slash commands generated from the catalogue, for one server
// (DISCORD_GUILD_ID, effective at once) or globally (may take a while to appear everywhere).
// Registering replaces the whole list, so a command removed from the catalogue disappears too.
// In HTTP interactions mode (DISCORD_PUBLIC_KEY set) it also checks that the key is the application's
// and sets the application's Interactions Endpoint URL to PUBLIC_URL + /discord/interactions, as the
// Slack manifest carries its request URL; Discord checks the URL by sending it a PING (signed, and
// once with a bad signature), so the bot must be running there already.
import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, type APIApplication } from "discord.js";
import { configSchema } from "../../infra/config.ts";
import { readDiscordConfig, type DiscordConfig } from "./config.ts";
import { INTERACTIONS_PATH } from "./httpInteractions.ts";
import { registrationJson } from "./registration.ts";

/** Where Discord POSTs the interactions of a bot reached at `publicUrl`. */
export const interactionsEndpointUrl = (publicUrl: string): string => `${publicUrl.replace(/\/+$/, "")}${INTERACTIONS_PATH}`;

export interface EndpointSetting {
  /** The URL set on the application, or null when PUBLIC_URL is not set (then printed as a step to do). */
  url: string | null;
  problem: string | null;
}

export async function deployCommands(config: DiscordConfig, options: { publicUrl?: string | undefined } = {}): Promise<{ count: number; scope: string; endpoint: EndpointSetting | null }> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = registrationJson();
  const route = config.guildId ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
  const registered = (await rest.put(route, { body })) as unknown[];
  const scope = config.guildId ? `server ${config.guildId}` : "every server (global)";
  return { count: registered.length, scope, endpoint: config.publicKey ? await setEndpoint(rest, config.publicKey, options.publicUrl) : null };
}

async function setEndpoint(rest: REST, publicKey: string, publicUrl: string | undefined): Promise<EndpointSetting> {
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  if (application.verify_key.toLowerCase() !== publicKey) {
    return { url: null, problem: "DISCORD_PUBLIC_KEY is not this application's Public Key (Developer Portal, General Information): Discord's signatures would all be refused." };
  }
  if (!publicUrl) return { url: null, problem: null };
  const url = interactionsEndpointUrl(publicUrl);
  try {
    await rest.patch(Routes.currentApplication(), { body: { interactions_endpoint_url: url } });
  } catch (error) {
    // Invalid Form Body: Discord's PING to the URL (and its request with a bad signature) went unanswered or wrongly answered.
    if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType)) throw error;
    return {
      url: null,
      problem:
        `Discord could not verify ${url}: it sends that address a signed PING, which must be answered, and a request with a bad signature, which must be refused. ` +
        "Start the bot there with DISCORD_PUBLIC_KEY set (reachable from the internet at PUBLIC_URL), then run npm run discord:deploy again.",
    };
  }
  return { url, problem: null };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const config = readDiscordConfig(process.env);
  const publicUrl = configSchema.shape.PUBLIC_URL.safeParse(process.env["PUBLIC_URL"]);
  if (!config.ok || !publicUrl.success) {
    const errors = [...(config.ok ? [] : config.errors), ...(publicUrl.success ? [] : publicUrl.error.issues.map((i) => `PUBLIC_URL ${i.message}`))];
    process.stderr.write(`The Discord configuration is not valid:\n${errors.map((e) => `  ${e}`).join("\n")}\n`);
    process.exitCode = 2;
  } else {
    try {
      const done = await deployCommands(config.value, { publicUrl: publicUrl.data });
      process.stdout.write(`Registered ${done.count} commands for ${done.scope}.\n`);
      const endpoint = done.endpoint;
      if (endpoint?.problem) {
        process.stderr.write(`${endpoint.problem}\n`);
        process.exitCode = 2;
      } else if (endpoint?.url) {
        process.stdout.write(`Interactions Endpoint URL set to ${endpoint.url}.\n`);
      } else if (endpoint) {
        process.stdout.write(
          `HTTP interactions mode: set PUBLIC_URL and run this again, or enter https://<your address>${INTERACTIONS_PATH} as the Interactions Endpoint URL in the Developer Portal (General Information).\n`,
        );
      }
    } catch (error) {
      process.stderr.write(`Registering the commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
