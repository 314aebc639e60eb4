/** Kinds of due work; a job of one kind at one instant runs before a job of a later kind. */
export const JOB_KINDS = ["poll.remind", "poll.close"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface ScheduledJob {
  id: number;
  groupId: number;
  kind: JobKind;
  dueAt: Date;
  payload: Record<string, unknown>;
  status: "pending" | "done" | "cancelled";
  dedupeKey: string;
}

export interface JobRepository {
  /** Adds a job unless one with the same dedupe key exists already. */
  schedule(job: Omit<ScheduledJob, "id" | "status">): Promise<void>;
  /** Cancels the pending jobs whose dedupe key starts with the prefix. */
  cancelPending(prefix: string): Promise<number>;
  dueBefore(at: Date, limit: number): Promise<ScheduledJob[]>;
  nextDue(): Promise<ScheduledJob | null>;
  /** Marks the job done if it is still pending; false means another worker already ran it. */
  claim(id: number, worker: string, at: Date): Promise<boolean>;
}
