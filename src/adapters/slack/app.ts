// The Bolt App and its receiver: HTTP (Events API request URL, signed requests) or Socket Mode
// (a WebSocket opened with the app-level token). Everything else is the same in both modes.
import { App, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from "@slack/bolt";
import { SLACK_EVENTS_PATH, type SlackConfig } from "./config.ts";
import { WindowedHTTPReceiver, type WindowedReceiverOptions } from "./receiver.ts";

/** What the HTTP receiver carries besides Slack's requests. */
export type ReceiverExtras = Pick<WindowedReceiverOptions, "routes" | "draining">;

/**
 * How long @slack/web-api keeps retrying one call (it waits out each Retry-After on its own). Kept
 * short so that a long outage does not hold up the outbox, which retries later with its own backoff.
 */
export const WEB_API_RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };

function receiverFor(config: SlackConfig, logger: BoltLogger, slackApiUrl: { slackApiUrl?: string }, extras: ReceiverExtras): Receiver {
  if (config.mode === "socket") {
    return new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions: { ...slackApiUrl } } });
  }
  return new WindowedHTTPReceiver({ signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, port: config.port, logger, ...extras });
}

/** Initialisation (auth.test) is deferred to start(), so that a bad token is reported rather than crashing the process. */
export function createSlackApp(config: SlackConfig, logger: BoltLogger, extras: ReceiverExtras = {}): App {
  const slackApiUrl = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  return new App({
    token: config.botToken,
    receiver: receiverFor(config, logger, slackApiUrl, extras),
    logger,
    clientOptions: { ...slackApiUrl, retryConfig: WEB_API_RETRIES },
    deferInitialization: true,
  });
}
