// /healthz, /readyz and /metrics, on whichever server carries the bot's routes.
import type { HttpRoutes } from "../infra/http/routes.ts";
import { sendText } from "../infra/http/routes.ts";
import type { Metrics } from "../infra/metrics.ts";
import type { PlatformAdapter } from "./platform.ts";

export interface ReadinessSources {
  /** null when the database can serve, else why not. */
  database(): Promise<string | null>;
  platforms(): readonly PlatformAdapter[];
  stopping(): boolean;
}

export interface Readiness {
  ready: boolean;
  database: string;
  platforms: Record<string, "ready" | "not ready">;
  stopping: boolean;
}

export async function readiness(sources: ReadinessSources): Promise<Readiness> {
  const database = await sources.database().catch((error: unknown) => `the database check failed: ${error instanceof Error ? error.message : String(error)}`);
  const platforms = Object.fromEntries(sources.platforms().map((p) => [p.name, p.ready() ? ("ready" as const) : ("not ready" as const)]));
  const stopping = sources.stopping();
  const ready = !stopping && database === null && Object.values(platforms).every((state) => state === "ready");
  return { ready, database: database ?? "ok", platforms, stopping };
}

export function mountOperationsRoutes(routes: HttpRoutes, sources: ReadinessSources, metrics: Metrics): void {
  const json = (value: unknown) => JSON.stringify(value) + "\n";
  // Alive: the process answers. It says nothing of the database or the platforms, so that a service
  // manager restarts a hung process, not one waiting for a database to come back.
  routes.add("GET", "/healthz", (_req, res) => sendText(res, 200, json({ status: "ok" }), "application/json"));
  routes.add("GET", "/readyz", async (_req, res) => {
    const state = await readiness(sources);
    sendText(res, state.ready ? 200 : 503, json(state), "application/json");
  });
  routes.add("GET", "/metrics", async (_req, res) => sendText(res, 200, await metrics.text(), metrics.registry.contentType));
}
