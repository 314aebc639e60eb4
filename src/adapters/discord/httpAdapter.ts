// The Discord adapter in HTTP interactions mode (DISCORD_PUBLIC_KEY set): no gateway connection.
// Interactions arrive at /discord/interactions on the bot's route table (httpInteractions.ts), and
// every message goes out over REST, so any number of replicas behind a load balancer can each take any
// interaction. The handler and the sender are the gateway adapter's (adapter.ts); commands take the database's turns.
import { REST, Routes } from "discord.js";
import { adoptWorkspaces, pendingAdoption } from "../../core/groups/adoptWorkspaces.ts";
import type { PlatformAdapter, PlatformServices } from "../../app/platform.ts";
import { discordParts, restOptionsOf, type DiscordAdapterOptions } from "./adapter.ts";
import type { DiscordConfig } from "./config.ts";
import { userOf } from "./incoming.ts";
import { INTERACTIONS_PATH, interactionsEndpoint } from "./httpInteractions.ts";
import type { DiscordSender } from "./sender.ts";
import { discordPublicKey } from "./signature.ts";

export interface DiscordHttpAdapter extends PlatformAdapter {
  sender: DiscordSender;
  settled(): Promise<void>;
}

/** Usernames seen in interactions, for the mentions typed in a text option; the oldest are forgotten first. */
class SeenUsers {
  readonly #names = new Map<string, string>();
  constructor(private readonly max = 10_000) {}
  learn(id: string, username: string): void {
    this.#names.delete(id);
    this.#names.set(id, username);
    if (this.#names.size > this.max) this.#names.delete(this.#names.keys().next().value as string);
  }
  get = (id: string): string | undefined => this.#names.get(id);
}

export function createDiscordHttpAdapter(config: DiscordConfig & { publicKey: string }, services: PlatformServices, options: DiscordAdapterOptions = {}): DiscordHttpAdapter {
  if (!services.http) throw new Error("the Discord interactions endpoint needs the bot's HTTP routes");
  const users = new SeenUsers();
  const rest = new REST(restOptionsOf(config, options));
  const { logger, sender, flight, take, takeOver } = discordParts(config, services, options, rest, users.get);
  services.http.add(
    "POST",
    INTERACTIONS_PATH,
    interactionsEndpoint({
      publicKey: discordPublicKey(config.publicKey),
      deps: services.deps,
      logger,
      draining: () => flight.draining,
      take: (interaction, receivedAt) => {
        const user = userOf(interaction.data);
        if (user) users.learn(user.id, user.username);
        return take(interaction, receivedAt);
      },
    }),
  );
  const settled = () => flight.settled();
  return {
    name: "discord",
    sender,
    settled,
    hostsHttp: false,
    ready: () => !flight.draining,
    drain: () => flight.drain(),
    async start() {
      // The first start after the upgrade to many groups: the servers the bot is in (one page of 200,
      // read over REST since no gateway tells) join the group that served them.
      if (await pendingAdoption(services.deps, "discord")) {
        const guilds = (await rest.get(Routes.userGuilds(), { query: new URLSearchParams({ limit: "200" }) })) as { id: string }[];
        const adoption = await adoptWorkspaces(services.deps, "discord", guilds.map((g) => g.id));
        if (adoption?.adopted.length) logger.info({ group: adoption.groupId, guilds: adoption.adopted }, "servers adopted by the group that served them before many groups");
      }
      logger.info({ path: INTERACTIONS_PATH, ...(services.publicUrl ? { url: `${services.publicUrl}${INTERACTIONS_PATH}` } : {}) }, "serving Discord interactions over HTTP");
      takeOver.start();
    },
    async stop() {
      flight.drain();
      await takeOver.stop();
      await settled();
    },
  };
}
