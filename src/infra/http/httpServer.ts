// The small HTTP server that carries the bot's own routes when no Slack receiver does (Socket Mode,
// Discord gateway mode). In Slack HTTP mode the receiver carries them instead (slack/receiver.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRoutes } from "./routes.ts";

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

/** Why a server could not listen, in words that name the setting to change. */
export function listenFailure(error: unknown, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") return `PORT: port ${port} is already in use by another program; stop it or set PORT to a free port.`;
  if (code === "EACCES") return `PORT: port ${port} needs privileges this process does not have; set PORT to a port above 1023.`;
  return `PORT: could not listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`;
}

export class ListenError extends Error {}

export async function startHttpServer(port: number, routes: HttpRoutes, onError: (error: unknown) => void): Promise<RunningHttpServer> {
  const server: Server = createServer((req, res) => {
    if (!routes.serve(req, res, onError)) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    }
  });
  // Keep-alive connections from a load balancer's health checks must not hold a graceful stop up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new ListenError(listenFailure(error, port))));
    server.listen(port, () => resolve());
  });
  server.on("error", onError);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
