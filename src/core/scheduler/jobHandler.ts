import type { ChannelPurpose } from "../setup/group.ts";
import type { Tx } from "../store.ts";
import type { ScheduledJob } from "./job.ts";

/**
 * Runs one kind of job inside the transaction that claims it. At one instant, reminders run before
 * closings, and closings before announcements, so that a reminder never follows its own poll's end.
 */
export interface JobHandler {
  kind: string;
  phase: "reminder" | "closing" | "announcement";
  run(tx: Tx, job: ScheduledJob, now: Date): Promise<void>;
  /**
   * For reminders: one line for the catch-up summary when the reminder is too late to be useful,
   * or null when it no longer matters (its poll closed, its meeting was cancelled).
   */
  summarize?(tx: Tx, job: ScheduledJob): Promise<string | null>;
  /**
   * The channel whose summary carries that line: the one the reminder itself would have gone to, or
   * announcements (the default) for reminders to the delegations. Alerts for the Secretariat say "secretariat".
   */
  summaryFor?: ChannelPurpose;
}
