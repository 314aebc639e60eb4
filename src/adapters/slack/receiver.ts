// Bolt's HTTPReceiver checks the signature and refuses requests older than five minutes, but not
// requests stamped in the future: a captured request replayed later could carry a timestamp that
// stays "fresh" for as long as its signer chose. This receiver refuses those too, before Bolt reads
// the body, so the five-minute window holds in both directions.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPReceiver, type HTTPReceiverOptions, type Logger } from "@slack/bolt";
import type { HttpRoutes } from "../../infra/http/routes.ts";

/** Slack's documented tolerance for X-Slack-Request-Timestamp. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

/** Whether the request's timestamp is further ahead of our clock than Slack's window allows. */
export function stampedInTheFuture(req: IncomingMessage, nowMs = Date.now()): boolean {
  const header = req.headers["x-slack-request-timestamp"];
  const stamp = Number(Array.isArray(header) ? header[0] : header);
  // A missing or malformed timestamp is left to Bolt's own verification, which refuses it.
  return Number.isFinite(stamp) && stamp > Math.floor(nowMs / 1000) + REQUEST_WINDOW_SECONDS;
}

export interface WindowedReceiverOptions extends HTTPReceiverOptions {
  logger: Logger;
  /** The bot's own routes (health, metrics, feeds), served on this same port before Slack's. */
  routes?: HttpRoutes;
  /** True once the bot is stopping: Slack's requests are then refused (503) rather than acknowledged. */
  draining?: () => boolean;
}

export class WindowedHTTPReceiver extends HTTPReceiver {
  constructor(options: WindowedReceiverOptions) {
    const { routes, draining, ...boltOptions } = options;
    super(boltOptions);
    const verifyAndDispatch = this.requestListener;
    const { logger } = options;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (routes?.serve(req, res, (error) => logger.error("An HTTP route failed:", error))) return;
      if (draining?.()) {
        req.resume();
        res.writeHead(503, { "retry-after": "5" }).end();
        return;
      }
      if (!stampedInTheFuture(req)) return verifyAndDispatch(req, res);
      logger.warn("Refused a Slack request whose timestamp is more than 5 minutes in the future");
      req.resume();
      res.writeHead(401).end();
    };
  }
}
