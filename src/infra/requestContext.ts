// The request or interaction being served: its id and when it was received, carried through every
// await from its receipt to the outbox rows it queues, and from there to their delivery (see
// instrumentedStore.ts). Logs pick the id up on their own (logger.ts), so a delivery can be traced
// back to the command that caused it, and command times run from the receipt.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

export interface RequestContext {
  id: string;
  /** performance.now() at receipt. */
  receivedAt: number;
}

const current = new AsyncLocalStorage<RequestContext>();

export const currentRequest = (): RequestContext | undefined => current.getStore();
export const currentRequestId = (): string | undefined => current.getStore()?.id;

/** Runs `work` as the serving of the request `id` (an interaction's own id, or a new one), received now. */
export const withRequest = <T>(id: string, work: () => T, receivedAt = performance.now()): T => current.run({ id, receivedAt }, work);

/** A short id for a request that carries none of its own that may be logged (a Slack command). */
export const newRequestId = (prefix: string): string => `${prefix}-${randomBytes(6).toString("hex")}`;
