import type { Group } from "../setup/group.ts";
import type { Tx } from "../store.ts";
import type { Poll } from "./poll.ts";

const HOUR = 3_600_000;

/** Dedupe keys of a poll's jobs share this prefix, so they can be cancelled together. */
export const pollJobPrefix = (pollId: number): string => `poll:${pollId}:`;

/** The closing at the deadline, and a reminder at each of the group's offsets that is still ahead. */
export async function schedulePollJobs(tx: Tx, poll: Poll, group: Group, now: Date): Promise<void> {
  const prefix = pollJobPrefix(poll.id);
  await tx.jobs.schedule({
    groupId: poll.groupId,
    kind: "poll.close",
    dueAt: poll.closesAt,
    payload: { pollId: poll.id },
    dedupeKey: `${prefix}close:${poll.closesAt.toISOString()}`,
  });
  for (const hours of group.pollReminderHours) {
    const dueAt = new Date(poll.closesAt.getTime() - hours * HOUR);
    if (dueAt.getTime() <= now.getTime()) continue;
    await tx.jobs.schedule({
      groupId: poll.groupId,
      kind: "poll.remind",
      dueAt,
      payload: { pollId: poll.id, hoursBefore: hours },
      dedupeKey: `${prefix}remind:${dueAt.toISOString()}`,
    });
  }
}
