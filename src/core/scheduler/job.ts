export interface ScheduledJob {
  id: number;
  groupId: number;
  /** Names the handler, such as poll.remind or poll.close (see scheduler/jobHandlers.ts). */
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  status: "pending" | "done" | "cancelled";
  dedupeKey: string;
}

/**
 * When to schedule an occasion due at `dueAt`, or null to skip it. One already past is not announced late
 * (a chair term recorded late), except one that was pending and has just been moved into the past (a zone
 * moved east, an offset shortened): that goes out now rather than never.
 */
export function scheduledTime(dueAt: Date, now: Date, wasPending: boolean): Date | null {
  if (dueAt.getTime() > now.getTime()) return dueAt;
  return wasPending ? now : null;
}

export interface JobRepository {
  /**
   * Adds a job unless one with the same dedupe key exists already. A cancelled one comes back with the
   * new due time and payload, so cancelling then scheduling moves pending jobs and leaves done ones alone.
   */
  schedule(job: Omit<ScheduledJob, "id" | "status">): Promise<void>;
  /** The dedupe keys of the pending jobs whose key starts with the prefix (what a reschedule moves). */
  pendingKeys(prefix: string): Promise<string[]>;
  /** Cancels the pending jobs whose dedupe key starts with the prefix. */
  cancelPending(prefix: string): Promise<number>;
  dueBefore(at: Date, limit: number): Promise<ScheduledJob[]>;
  nextDue(): Promise<ScheduledJob | null>;
  /**
   * Marks the job done if it is still pending, in the transaction that runs its effects, so the claim
   * commits (or rolls back) with them: true for exactly one transaction. False means another worker
   * ran it, cancelled it, or is running it right now; a database may then skip the job rather than
   * wait for that worker (PostgreSQL: FOR UPDATE SKIP LOCKED), since it will be done or pending again.
   */
  claim(id: number, worker: string, at: Date): Promise<boolean>;
}
