import { refuseReplay, type DeliveredRequest } from "../access/replay.ts";
import type { Identity } from "../people/person.ts";
import type { UserRef } from "../people/userRef.ts";
import type { Tx } from "../store.ts";

/** Who asks for a group, from a workspace that may have none yet: an account, not yet a person of any group. */
export interface Speaker extends Identity {
  /** The platform request that carries the command (see access/replay.ts). */
  request?: DeliveredRequest;
}

/**
 * The operators named in the configuration (BOT_OPERATORS; the shell's own operator in the shell) are
 * the ones who may act for a workspace that has no group yet: nobody there holds a role to ask.
 */
export const isConfiguredOperator = (speaker: Identity, operators: readonly Identity[]): boolean =>
  operators.some((o) => o.platform === speaker.platform && o.externalId === speaker.externalId);

/** How an operator is named in a group they found or join: the shell's handle, else their account. */
export const operatorRef = (speaker: Identity): UserRef => ({
  handle: speaker.platform === "shell" ? speaker.externalId : `${speaker.platform}-${speaker.externalId}`,
  identity: { platform: speaker.platform, externalId: speaker.externalId },
});

/** A replayed request applies nothing, here as in `identify`. */
export const refuseReplayOf = (tx: Tx, speaker: Speaker): Promise<void> => refuseReplay(tx, speaker.platform, speaker.request);
