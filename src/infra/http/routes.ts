// The bot's own HTTP routes (health, readiness, metrics, calendar feeds, and next the Discord
// interactions endpoint), kept apart from whichever server carries them: Slack's receiver in HTTP mode,
// or the small server of httpServer.ts in Socket Mode and Discord gateway mode.
import type { IncomingMessage, ServerResponse } from "node:http";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Readonly<Record<string, string>>) => void | Promise<void>;

interface Route {
  method: string;
  /** Literal segments, or `:name` for a segment captured into params. */
  segments: string[];
  handler: RouteHandler;
}

const segmentsOf = (path: string): string[] => path.split("/").filter(Boolean);

/** A small route table: exact paths with `:param` segments, matched on method and path (query ignored). */
export class HttpRoutes {
  readonly #routes: Route[] = [];

  add(method: "GET" | "POST" | "HEAD", path: string, handler: RouteHandler): this {
    this.#routes.push({ method, segments: segmentsOf(path), handler });
    return this;
  }

  /** The handler for a request, with its params, or null when no route takes it. */
  match(method: string | undefined, url: string | undefined): { handler: RouteHandler; params: Record<string, string> } | null {
    const path = segmentsOf((url ?? "/").split("?")[0] ?? "/");
    for (const route of this.#routes) {
      // HEAD is answered like GET (node's server leaves the body out).
      if (route.method !== method && !(route.method === "GET" && method === "HEAD")) continue;
      if (route.segments.length !== path.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((segment, i) => {
        if (segment.startsWith(":")) {
          params[segment.slice(1)] = decodeURIComponent(path[i]!);
          return true;
        }
        return segment === path[i];
      });
      if (matches) return { handler: route.handler, params };
    }
    return null;
  }

  /**
   * Serves a request if a route takes it and says so; an error in a handler becomes a 500 without
   * details (the handler's own log says what went wrong).
   */
  serve(req: IncomingMessage, res: ServerResponse, onError: (error: unknown) => void): boolean {
    const found = this.match(req.method, req.url);
    if (!found) return false;
    Promise.resolve()
      .then(() => found.handler(req, res, found.params))
      .catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("internal error\n");
      });
    return true;
  }
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = "text/plain; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", ...headers });
  res.end(body);
}
