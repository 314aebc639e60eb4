// A platform request acknowledged before its command was recorded. Discord's interactions must be
// answered within 3 s; a command not done in 1.5 s is deferred ("the bot is thinking"), and from then
// on its author counts on it. If the process dies before the command commits, the request is gone
// with it unless it was held here first: whoever finds it held past its claim runs it, keeping the
// time it was first received, so a newer position recorded meanwhile is not overwritten (castPosition).
export interface HeldRequest {
  platform: string;
  requestId: string;
  /** The request as the platform sent it (JSON). */
  payload: string;
  /** When the bot first received it. */
  receivedAt: Date;
  /** How many runs have taken it, this one included. */
  attempts: number;
}

export interface HeldRequestRepository {
  /** Holds a request for `claimedBy` until `until`; false when it is held already (by this run or another). */
  hold(request: Omit<HeldRequest, "attempts">, claimedBy: string, until: Date): Promise<boolean>;
  /** Extends the claims of `claimedBy` on these requests; one another run took over is left to it. */
  renew(platform: string, requestIds: string[], claimedBy: string, until: Date): Promise<void>;
  /** The command ran (or will never run): the request is held no more. */
  release(platform: string, requestId: string): Promise<void>;
  /**
   * Takes over, for `claimedBy` until `until`, up to `limit` requests whose claims ran out at `at`,
   * oldest first; each is taken by one caller only, however many look at once.
   */
  takeOver(platform: string, at: Date, claimedBy: string, until: Date, limit: number): Promise<HeldRequest[]>;
  /** Forgets requests received before `before` (their platform no longer takes an answer); how many. */
  forgetBefore(platform: string, before: Date): Promise<number>;
}
