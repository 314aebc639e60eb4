// What each posted message shows now, kept in the database so that every replica reads the same: a
// sender skips an edit that would show what the message already shows (a burst of identical card
// redraws costs one platform call), and never because its own memory is stale. With the face in each
// process's memory, replica A showed tally X and remembered X, replica B edited the card to Y, the
// tally went back to X, and A skipped its edit: the card was left on Y (test/integration/cardFaces.test.ts).
// Cost (npm run bench:faces, the Slack sender against the fake Slack on loopback, load average 9.7 on
// 2 cores): a redraw that changes the card pays two committed writes (the face forgotten before the
// call, recorded after), +19.6 ms on SQLite under synchronous FULL and +20.2 ms on PostgreSQL with
// fsync on (30 ms against 10 ms a redraw, +5.2-5.3 ms of CPU), mostly the two commits' syncs; one that
// changes nothing pays a read, +2.6-2.9 ms (+1.0-1.4 ms of CPU). Slack and Discord take one to a few
// edits a second per channel, and a real call 100 ms or more, so the platform stays the bottleneck.
// One write fewer would leave a stale face after a crash between the platform's answer and the record.
import type { Deps } from "../deps.ts";
import { DeliveryError } from "./message.ts";

/** How long a face is kept after it was last recorded; older ones are pruned when a message is posted. */
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
  await change();
  try {
    await deps.store.transaction((tx) => tx.messageFaces.record(platform, ref, fingerprint, deps.clock.now()));
  } catch (error) {
    // The change went out: failing it now would send it again. With no face the next change goes out.
    warn(`the face of ${platform} message ${ref} was not recorded (${error instanceof Error ? error.message : String(error)}); its next change will be sent`);
  }
  return true;
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
