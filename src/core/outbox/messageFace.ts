// What each posted message shows now, kept in the database so that every replica reads the same: a
// sender skips an edit that would show what the message already shows (a burst of identical card
// redraws costs one platform call), and never because its own memory is stale. With the face in each
// process's memory, replica A showed tally X and remembered X, replica B edited the card to Y, the
// tally went back to X, and A skipped its edit: the card was left on Y (test/integration/cardFaces.test.ts).
// Cost (npm run bench:faces, the Slack sender against the fake Slack on loopback, load average 10.7 on
// 2 cores): a card's face is read in the transaction that draws the card (drawUnlessShown), so a redraw
// that changes nothing costs +0.1 ms on SQLite (2.96 against 2.83 ms, +0.6 ms of CPU) and +5.1 ms on
// PostgreSQL (where it starts Prisma in a transaction the layer ran alone); one that changes the card
// pays two committed writes (the face forgotten before the call, recorded after): +8.4 ms on SQLite
// under synchronous FULL (20.4 against 12.0 ms, +3.2 ms of CPU) and +20.6 ms on PostgreSQL with fsync
// on (+4.2 ms of CPU). With the read in a transaction of its own, SQLite paid +19.6 and +2.6 ms (load
// 9.7), and a storm of card presses on one SQLite process missed Slack's acknowledgement window more
// often (test/adapters/crossPlatform.test.ts). Slack and Discord take one to a few edits a second per
// channel at 100 ms or more a call, so the platform stays the bottleneck. One write fewer would leave a
// stale face after a crash between the platform's answer and the record.
import { createHash } from "node:crypto";
import type { Card, CardRef } from "../cards/card.ts";
import { drawCardIn } from "../cards/drawCard.ts";
import type { Deps } from "../deps.ts";
import { DeliveryError } from "./message.ts";

/** How long a face is kept after it was last recorded; older ones are pruned when a message is posted. */
/** What a message shows, as the face compared and recorded: a hash of the content a sender sends. */
export const faceFingerprint = (content: unknown): string => createHash("sha256").update(JSON.stringify(content)).digest("base64");

export const FACE_MEMORY_MS = 30 * 86_400_000;

export interface MessageFaceRepository {
  /**
   * True when `ref` is recorded as showing `fingerprint`. Otherwise forgets what it was recorded as
   * showing: the change about to go out leaves it uncertain until `record` says what it shows.
   */
  alreadyShows(platform: string, ref: string, fingerprint: string): Promise<boolean>;
  /**
   * Records that `ref` shows `fingerprint` since `at`, when nothing was recorded since `alreadyShows`
   * forgot it. If another sender recorded meanwhile, their change and this one were in flight at once
   * and may have landed in either order: the face is forgotten instead. True when it recorded.
   */
  record(platform: string, ref: string, fingerprint: string, at: Date): Promise<boolean>;
  /** Records the face of a message just posted, and prunes faces recorded before `pruneBefore`. */
  posted(platform: string, ref: string, fingerprint: string, at: Date, pruneBefore: Date): Promise<void>;
  /** Forgets the face of `ref` (the message was removed). */
  forget(platform: string, ref: string): Promise<void>;
}

/** Sends `change` to message `ref` unless it already shows `fingerprint`; true when it was sent. */
export async function changeFace(deps: Deps, platform: string, ref: string, fingerprint: string, change: () => Promise<void>, warn: (message: string) => void): Promise<boolean> {
  // Read, compare and write without a lock: the changes of one message go out from one deliverer at a
  // time (outbox.claim serialises them per target), and a change that outlived its lease, and so may
  // have raced a deliverer that took it over, leaves no face (record) and is followed by one more redraw.
  let shown: boolean;
  try {
    shown = await deps.store.transaction((tx) => tx.messageFaces.alreadyShows(platform, ref, fingerprint));
  } catch (error) {
    // Said as what it is, not as the platform's failure (a sender names what it catches after the platform).
    throw new DeliveryError(`the face of ${platform} message ${ref} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (shown) return false;
  await sendFace(deps, platform, ref, fingerprint, change, warn);
  return true;
}

/**
 * Draws a card and, in the same transaction, reads whether `ref` already shows what `render` makes of
 * it (as alreadyShows: a different face is forgotten). One transaction for both, not two: each is a
 * turn on SQLite's one writer, and a storm of presses waits behind the outbox's.
 */
export async function drawUnlessShown<C>(
  deps: Deps,
  platform: string,
  ref: string,
  which: Pick<CardRef, "kind" | "id">,
  render: (card: Card | null) => { content: C; fingerprint: string } | null,
): Promise<{ content: C; fingerprint: string; shown: boolean } | null> {
  try {
    return await deps.store.transaction(async (tx) => {
      const drawn = render(await drawCardIn(tx, which));
      return drawn && { ...drawn, shown: await tx.messageFaces.alreadyShows(platform, ref, drawn.fingerprint) };
    });
  } catch (error) {
    throw new DeliveryError(`the card of ${platform} message ${ref} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Sends `change` to `ref`, whose face was compared (and forgotten) before, then records `fingerprint`. */
export async function sendFace(deps: Deps, platform: string, ref: string, fingerprint: string, change: () => Promise<void>, warn: (message: string) => void): Promise<void> {
  await change();
  try {
    await deps.store.transaction((tx) => tx.messageFaces.record(platform, ref, fingerprint, deps.clock.now()));
  } catch (error) {
    // The change went out: failing it now would send it again. With no face the next change goes out.
    warn(`the face of ${platform} message ${ref} was not recorded (${error instanceof Error ? error.message : String(error)}); its next change will be sent`);
  }
}

/** Records the face of a message just posted; a failure only costs its next change a platform call. */
export async function recordPosted(deps: Deps, platform: string, ref: string, fingerprint: string, warn: (message: string) => void): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.store.transaction((tx) => tx.messageFaces.posted(platform, ref, fingerprint, now, new Date(now.getTime() - FACE_MEMORY_MS)));
  } catch (error) {
    warn(`the face of ${platform} message ${ref} was not recorded (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Forgets the face of a removed message; one left behind is pruned with the old ones. */
export async function forgetFace(deps: Deps, platform: string, ref: string, warn: (message: string) => void): Promise<void> {
  try {
    await deps.store.transaction((tx) => tx.messageFaces.forget(platform, ref));
  } catch (error) {
    warn(`the face of removed ${platform} message ${ref} was not forgotten (${error instanceof Error ? error.message : String(error)})`);
  }
}
