import type { Deps } from "../core/deps.ts";
import type { Sender } from "../core/outbox/message.ts";
import type { Identity } from "../core/people/person.ts";
import type { DatabaseTurns } from "../infra/db/turns.ts";
import type { HttpRoutes } from "../infra/http/routes.ts";
import type { Logger } from "../infra/logger.ts";
import type { Metrics } from "../infra/metrics.ts";

/** What the composition root hands to a chat platform adapter. */
export interface PlatformServices {
  deps: Deps;
  /**
   * The operators named in the configuration (BOT_OPERATORS): they create groups for workspaces that
   * have none, and join workspaces to groups (src/app/workspaceGroups.ts).
   */
  operators?: readonly Identity[];
  /**
   * Turns of its own for an adapter's commands, so that its acknowledgements go out ahead of the
   * database's work (SQLite's driver is synchronous: infra/db/turns.ts). Call once per adapter.
   */
  turns: () => DatabaseTurns;
  logger: Logger;
  /** Delivers queued messages now; adapters call it after each command. */
  nudge(): Promise<void>;
  /** Counts commands and times acknowledgements (absent in tests that do not look). */
  metrics?: Metrics;
  /** The bot's own HTTP routes (health, metrics, feeds), for an adapter whose server carries them. */
  http?: HttpRoutes;
  /** PUBLIC_URL: where those routes are reached from outside. */
  publicUrl?: string;
}

export interface PlatformAdapter {
  name: string;
  sender: Sender;
  /** Whether the adapter serves the bot's HTTP routes on its own server (Slack in HTTP mode). */
  readonly hostsHttp: boolean;
  start(): Promise<void>;
  /** Connected or listening, and not stopping: what /readyz reports for the platform. */
  ready(): boolean;
  /** Stops taking new interactions; those already acknowledged go on (see settled). */
  drain(): void;
  /** Resolves once every interaction taken so far has been recorded and answered. */
  settled(): Promise<void>;
  /** Closes the platform connection (after settled). */
  stop(): Promise<void>;
}

export interface PlatformFactory {
  name: string;
  /**
   * Whether the environment asks for this platform at all (its credentials are present). Kept cheap:
   * it runs on every start, the local shell's included, so it must not load the platform library.
   */
  configured(env: NodeJS.ProcessEnv): boolean;
  /**
   * Reads the adapter's settings and builds it; errors are in words an operator can act on. Asynchronous
   * so that the adapter's module (Bolt, discord.js) is imported only for a platform that is configured.
   */
  create(env: NodeJS.ProcessEnv, services: PlatformServices): Promise<{ ok: true; value: PlatformAdapter } | { ok: false; errors: string[] }>;
}
