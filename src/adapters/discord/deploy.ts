// `npm run discord:deploy`: registers the slash commands generated from the catalogue, for one server
// (DISCORD_GUILD_ID, effective at once) or globally (may take a while to appear everywhere).
// Registering replaces the whole list, so a command removed from the catalogue disappears too.
import { REST, Routes } from "discord.js";
import { readDiscordConfig, type DiscordConfig } from "./config.ts";
import { registrationJson } from "./registration.ts";

export async function deployCommands(config: DiscordConfig): Promise<{ count: number; scope: string }> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = registrationJson();
  const route = config.guildId ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
  const registered = (await rest.put(route, { body })) as unknown[];
  return { count: registered.length, scope: config.guildId ? `server ${config.guildId}` : "every server (global)" };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const config = readDiscordConfig(process.env);
  if (!config.ok) {
    process.stderr.write(`The Discord configuration is not valid:\n${config.errors.map((e) => `  ${e}`).join("\n")}\n`);
    process.exitCode = 2;
  } else {
    try {
      const done = await deployCommands(config.value);
      process.stdout.write(`Registered ${done.count} commands for ${done.scope}.\n`);
    } catch (error) {
      process.stderr.write(`Registering the commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
