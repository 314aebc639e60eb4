// The calendar feed on the bot's HTTP server: GET /calendar/<secret>.ics serves the group's meetings
// (see core/meetings/calendarFeed.ts). An unknown or revoked secret gets a plain 404, the same as a
// malformed one, so that the route tells nothing about which addresses exist.
import { readCalendarFeed } from "../core/meetings/calendarFeed.ts";
import type { Deps } from "../core/deps.ts";
import { sendText, type HttpRoutes } from "../infra/http/routes.ts";
import type { Logger } from "../infra/logger.ts";

export const FEED_PATH = "/calendar";

/** The address delegates subscribe to: PUBLIC_URL (when set) and the path. */
export const feedAddress = (publicUrl: string | undefined, token: string): string => `${publicUrl ?? ""}${FEED_PATH}/${token}.ics`;

export function mountCalendarFeed(routes: HttpRoutes, deps: Deps, logger: Logger): void {
  routes.add("GET", `${FEED_PATH}/:file`, async (_req, res, params) => {
    const token = /^(.*)\.ics$/.exec(params["file"] ?? "")?.[1] ?? "";
    const feed = await readCalendarFeed(deps, token);
    if (!feed) return sendText(res, 404, "No calendar here: the address is wrong, or it was rotated or revoked. Ask the Secretariat for the current one.\n");
    // The secret is in the path: it must not end up in logs, nor in caches shared between users.
    logger.debug({ bytes: feed.ics.length }, "calendar feed served");
    sendText(res, 200, feed.ics, "text/calendar; charset=utf-8", { "cache-control": "private, max-age=300", "content-disposition": 'inline; filename="meetings.ics"' });
  });
}
