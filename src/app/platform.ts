import type { Deps } from "../core/deps.ts";
import type { Sender } from "../core/outbox/message.ts";
import type { Group } from "../core/setup/group.ts";
import type { Logger } from "../infra/logger.ts";

/** What the composition root hands to a chat platform adapter. */
export interface PlatformServices {
  deps: Deps;
  group: Group;
  logger: Logger;
  /** Delivers queued messages now; adapters call it after each command. */
  nudge(): Promise<void>;
}

export interface PlatformAdapter {
  name: string;
  sender: Sender;
  start(): Promise<void>;
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
