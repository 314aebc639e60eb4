// The Bolt App and its receiver: HTTP (Events API request URL, signed requests) or Socket Mode
// (a WebSocket opened with the app-level token). Everything else is the same in both modes. A
// distributed app (config.installs) is HTTP only: the receiver also serves /slack/install and
// /slack/oauth_redirect (Bolt's InstallProvider), and each request's token is its team's installation.
import { App, SocketModeReceiver, type InstallationStore, type Logger as BoltLogger, type Receiver } from "@slack/bolt";
import { SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH, type SlackConfig, type SlackInstalls } from "./config.ts";
import { installPages } from "./installations.ts";
import { BOT_SCOPES } from "./manifest.ts";
import { WindowedHTTPReceiver, type WindowedReceiverOptions } from "./receiver.ts";

/** What the HTTP receiver carries besides Slack's requests. */
export type ReceiverExtras = Pick<WindowedReceiverOptions, "routes" | "draining"> & {
  /** Where a distributed app keeps its installations (installations.ts). */
  installationStore?: InstallationStore;
};

/**
 * How long @slack/web-api keeps retrying one call (it waits out each Retry-After on its own). Kept
 * short so that a long outage does not hold up the outbox, which retries later with its own backoff.
 */
export const WEB_API_RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };

/** The Web API client's options: where the API is (tests point it at their fake), its retries, and the logger. */
export const webClientOptions = (apiUrl: string | undefined, logger?: BoltLogger) => ({ ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: WEB_API_RETRIES, ...(logger ? { logger } : {}) });

/** Slack's authorize page sits beside its Web API (https://slack.com/oauth/v2/authorize for https://slack.com/api/), so a test's fake serves both. */
const authorizeUrlFor = (apiUrl: string | undefined): string | undefined => (apiUrl ? new URL("../oauth/v2/authorize", apiUrl).toString() : undefined);

function oauthOptions(installs: SlackInstalls, store: InstallationStore | undefined, logger: BoltLogger, apiUrl: string | undefined) {
  if (!store) throw new Error("a distributed Slack app needs an installation store");
  const authorizationUrl = authorizeUrlFor(apiUrl);
  return {
    clientId: installs.clientId,
    clientSecret: installs.clientSecret,
    stateSecret: installs.stateSecret,
    redirectUri: installs.redirectUri,
    scopes: [...BOT_SCOPES],
    installationStore: store,
    installerOptions: {
      installPath: SLACK_INSTALL_PATH,
      redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
      // /slack/install sends the browser straight to Slack's authorize page (with the state and its cookie).
      directInstall: true,
      clientOptions: webClientOptions(apiUrl, logger),
      callbackOptions: installPages(logger),
      ...(authorizationUrl ? { authorizationUrl } : {}),
    },
  };
}

function receiverFor(config: SlackConfig, logger: BoltLogger, slackApiUrl: { slackApiUrl?: string }, extras: ReceiverExtras): Receiver {
  if (config.mode === "socket") {
    return new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions: { ...slackApiUrl } } });
  }
  const { installationStore, ...http } = extras;
  const oauth = config.installs ? oauthOptions(config.installs, installationStore, logger, config.apiUrl) : {};
  return new WindowedHTTPReceiver({ signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, port: config.port, logger, ...http, ...oauth });
}

/** Initialisation (auth.test) is deferred to start(), so that a bad token is reported rather than crashing the process. */
export function createSlackApp(config: SlackConfig, logger: BoltLogger, extras: ReceiverExtras = {}): App {
  const slackApiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  return new App({
    // A distributed app has no token of its own: Bolt's authorize reads each team's installation.
    ...(config.botToken ? { token: config.botToken } : {}),
    receiver: receiverFor(config, logger, slackApiUrl, extras),
    logger,
    clientOptions: webClientOptions(config.apiUrl),
    deferInitialization: true,
  });
}
