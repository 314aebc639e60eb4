// The Discord adapter: a discord.js client that receives interactions over the gateway and a sender
// that delivers the outbox over REST. It needs only the Guilds intent: interactions reach a bot
// without any intent, and Guilds keeps the channels and the bot's own guild membership known.
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, type APIInteraction, type GatewayDispatchPayload, type REST, type RESTOptions } from "discord.js";
import { InFlight } from "../../app/inFlight.ts";
import type { PlatformAdapter, PlatformServices } from "../../app/platform.ts";
import { WorkspaceGroups } from "../../app/workspaceGroups.ts";
import { adoptWorkspaces } from "../../core/groups/adoptWorkspaces.ts";
import { withRequest } from "../../infra/requestContext.ts";
import type { DiscordConfig } from "./config.ts";
import { DEFAULT_ACK_POLICY, interactionHandler, type AckPolicy } from "./interactions.ts";
import type { ReceivedInteraction } from "./incoming.ts";
import { DiscordSender } from "./sender.ts";
import { InteractionWebhooks } from "./webhooks.ts";
import { DiscordIntake } from "./intake.ts";

export interface DiscordAdapterOptions {
  policy?: Partial<AckPolicy>;
  /** How long the cached group settings (time zone) may be used before being read again. */
  groupMaxAgeMs?: number;
  /** discord.js REST retries on 5xx and network errors (its default is 3). */
  restRetries?: number;
}

export interface DiscordAdapter extends PlatformAdapter {
  sender: DiscordSender;
  client: Client;
  /** Resolves once every interaction received so far has been answered. */
  settled(): Promise<void>;
}

/** The REST options both transports' clients take. */
export const restOptionsOf = (config: DiscordConfig, options: DiscordAdapterOptions): Partial<RESTOptions> => ({
  ...(config.apiUrl ? { api: config.apiUrl } : {}),
  ...(options.restRetries !== undefined ? { retries: options.restRetries } : {}),
});

/**
 * What both transports share: the sender (over `rest`, the bot's REST client),
 * the webhooks and the one interaction handler.
 */
export function discordParts(config: DiscordConfig, services: PlatformServices, options: DiscordAdapterOptions, rest: REST, usernameOf: (id: string) => string | undefined) {
  const logger = services.logger.child({ platform: "discord" });
  const restOptions = restOptionsOf(config, options);
  // The sender may run before the gateway is up (the outbox is delivered at start), so REST gets
  // the token now rather than at login.
  rest.setToken(config.token);
  // Discord's commands take turns of their own: Slack's, acknowledged once recorded, must not wait behind Discord's deferrals.
  const turns = services.turns();
  const sender = new DiscordSender(rest, services.deps, logger, () => turns.afterAcknowledgements());
  const webhooks = new InteractionWebhooks(restOptions);
  const intake = new DiscordIntake(services.deps, logger, webhooks);
  const handle = interactionHandler({
    intake,
    services: { ...services, logger },
    turns,
    policy: { ...DEFAULT_ACK_POLICY, ...options.policy },
    webhooks,
    groups: new WorkspaceGroups(services.deps, options.groupMaxAgeMs ?? 5000),
    deliverSoon: () => void services.nudge().catch((error: unknown) => logger.error({ err: error }, "outbox delivery failed")),
    guildId: config.guildId,
    usernameOf,
  });
  const flight = new InFlight();
  /** Handles one interaction, with its own id following it to its logs and to the outbox rows it queues. */
  const take = (interaction: ReceivedInteraction, receivedAt?: number) => flight.track(withRequest(`discord-${interaction.data.id}`, () => handle(interaction), receivedAt));
  /**
   * Held interactions whose replica died are run here, from the start to the stop. Only where they are
   * held (turns.sideBySide): on SQLite none are, and a look every 2 s would take its one write lock for nothing.
   */
  const takeOver = {
    start: () => (turns.sideBySide ? intake.start(take) : undefined),
    stop: () => intake.stop(),
  };
  return { logger, sender, webhooks, flight, take, takeOver };
}

export function createDiscordAdapter(config: DiscordConfig, services: PlatformServices, options: DiscordAdapterOptions = {}): DiscordAdapter {
  const gateway = new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptionsOf(config, options) });
  const { logger, sender, webhooks, flight, take, takeOver } = discordParts(config, services, options, gateway.rest, (id) => gateway.users.cache.get(id)?.username);

  // The interaction as Discord sent it, so the gateway and the interactions endpoint (httpAdapter.ts)
  // share one handler; discord.js still builds its own objects, which keeps its user cache filled.
  gateway.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    // Stopping: a new interaction is left unacknowledged, and Discord tells its author it failed.
    if (flight.draining) return;
    const data = packet.d as APIInteraction;
    void take({ data, respondsWithFiles: true, respond: async (response, files) => void (await webhooks.callback(data, response, files)) });
  });
  gateway.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));

  const settled = () => flight.settled();

  return {
    name: "discord",
    sender,
    client: gateway,
    settled,
    hostsHttp: false,
    ready: () => gateway.isReady() && !flight.draining,
    drain: () => flight.drain(),
    async start() {
      const ready = new Promise<void>((resolve) => gateway.once(Events.ClientReady, () => resolve()));
      await gateway.login(config.token);
      await ready;
      logger.info({ user: gateway.user?.username, guilds: gateway.guilds.cache.size }, "connected to Discord");
      // The first start after the upgrade to many groups: the servers the bot is in join the group they were served by.
      const adoption = await adoptWorkspaces(services.deps, "discord", [...gateway.guilds.cache.keys()]);
      if (adoption?.adopted.length) logger.info({ group: adoption.groupId, guilds: adoption.adopted }, "servers adopted by the group that served them before many groups");
      takeOver.start();
    },
    async stop() {
      flight.drain();
      await takeOver.stop();
      await settled();
      await gateway.destroy();
    },
  };
}
