// The Slack adapter: slash commands, poll card buttons and the objection modal in, the outbox out.
// main.ts starts it through factory.ts when Slack credentials are in the environment (see config.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@slack/bolt";
import { InFlight } from "../../app/inFlight.ts";
import { WorkspaceGroups } from "../../app/workspaceGroups.ts";
import { adoptWorkspaces } from "../../core/groups/adoptWorkspaces.ts";
import type { PlatformAdapter, PlatformServices } from "../../app/platform.ts";
import { listenFailure } from "../../infra/http/httpServer.ts";
import { createSlackApp, webClientOptions } from "./app.ts";
import { registerSlashCommands } from "./commands.ts";
import { readSlackConfig, SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, type SlackConfig } from "./config.ts";
import { RecentDeliveries } from "./dedupe.ts";
import type { Handling } from "./handling.ts";
import { HomeTabs, registerHome } from "./home.ts";
import { databaseInstallationStore, installedWorkspaces, registerUninstall, singleWorkspace } from "./installations.ts";
import { registerInteractions } from "./interactions.ts";
import { boltLogger, scrubSecrets } from "./logging.ts";
import { SlackSender } from "./sender.ts";

export interface SlackAdapter extends PlatformAdapter {
  readonly config: SlackConfig;
  readonly app: App;
  /** The slash commands listened to, such as /poll. */
  readonly commands: readonly string[];
  /** The port of the request URL, once started in HTTP mode. */
  readonly port: number | undefined;
}

const reason = (error: unknown): string => {
  const slackError = (error as { data?: { error?: unknown } }).data?.error;
  return typeof slackError === "string" ? slackError : error instanceof Error ? error.message : String(error);
};

export function createSlackAdapter(env: NodeJS.ProcessEnv, services: PlatformServices): { ok: true; value: SlackAdapter } | { ok: false; errors: string[] } {
  const read = readSlackConfig(env);
  if (!read.ok) return read;
  const config = read.value;
  const installs = config.mode === "http" ? config.installs : undefined;
  const secrets = [config.botToken, config.signingSecret, config.mode === "socket" ? config.appToken : undefined, installs?.clientSecret, installs?.stateSecret].filter((s): s is string => Boolean(s));
  const log = boltLogger(services.logger, secrets);
  const flight = new InFlight();
  const installationStore = installs ? databaseInstallationStore(services.deps, log) : undefined;
  // In HTTP mode the receiver's server also carries the bot's own routes (health, metrics, feeds).
  const app = createSlackApp(config, log, { routes: services.http, draining: () => flight.draining, installationStore });
  // Who calls the Web API outside a request (the outbox, Home tab refreshes) uses the team's or group's token.
  const clients = installs ? installedWorkspaces(services.deps, webClientOptions(config.apiUrl, log)) : singleWorkspace(app.client);
  const handling: Handling = {
    flight,
    services,
    log,
    deliveries: new RecentDeliveries(),
    turns: services.turns(),
    commandPrefix: config.commandPrefix,
    deliverNow: () => services.nudge(),
    groups: new WorkspaceGroups(services.deps),
  };
  const commands = registerSlashCommands(app, handling);
  registerInteractions(app, handling);
  const home = new HomeTabs(handling, clients);
  registerHome(app, handling, home);
  registerUninstall(app, services.deps, log);
  app.error(async (error) => log.error("Bolt could not handle a Slack request:", error));

  let server: Server | undefined;
  let started = false;
  const port = () => (server?.address() as AddressInfo | null)?.port;
  const fail = (what: string, error: unknown) => new Error(scrubSecrets(`${what}: ${reason(error)}`, secrets));

  return {
    ok: true,
    value: {
      name: "slack",
      sender: new SlackSender(clients, services.deps, log, config.commandPrefix, () => void home.refresh()),
      config,
      app,
      commands,
      get port() {
        return port();
      },
      hostsHttp: config.mode === "http",
      async start() {
        try {
          await app.init(); // auth.test with the bot token; a distributed app has none (each installation's is checked by Slack at install)
        } catch (error) {
          throw fail("Slack did not accept SLACK_BOT_TOKEN (check the Bot User OAuth Token of the installed app)", error);
        }
        if (!installs) {
          // The first start after the upgrade to many groups: the token's workspace joins the group that served it.
          const team = (await app.client.auth.test()).team_id;
          const adoption = team ? await adoptWorkspaces(services.deps, "slack", [team]) : null;
          if (adoption?.adopted.length) log.info(`Slack workspace ${team} adopted by group ${adoption.groupId}, which served it before many groups`);
        }
        try {
          const listening: unknown = await app.start();
          if (config.mode === "http") server = listening as Server;
        } catch (error) {
          if (config.mode === "http") throw new Error(listenFailure(error, config.port));
          throw fail("Slack Socket Mode could not connect with SLACK_APP_TOKEN", error);
        }
        started = true;
        log.info(
          config.mode === "socket" ? "Slack connected in Socket Mode" : `Slack request URL listening on port ${port()} at ${SLACK_EVENTS_PATH}${installs ? `, installs at ${SLACK_INSTALL_PATH}` : ""}`,
          `commands: ${commands.join(" ")}`,
        );
      },
      ready: () => started && !flight.draining,
      drain: () => flight.drain(),
      settled: () => flight.settled(),
      async stop() {
        flight.drain();
        await flight.settled();
        if (!started) return;
        started = false;
        await app.stop();
      },
    },
  };
}
