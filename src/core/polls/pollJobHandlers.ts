import type { JobHandler } from "../scheduler/jobHandler.ts";
import type { ScheduledJob } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";
import { finalizePoll } from "./finalizePoll.ts";
import { currentTally } from "./loadPoll.ts";
import { remindPending } from "./remindPoll.ts";
import { pollLabel } from "./pollText.ts";
import { outcomeOf } from "./rules.ts";

async function openPollOf(tx: Tx, job: ScheduledJob, lock = false) {
  const id = Number(job.payload["pollId"]);
  if (lock) await tx.polls.lock(id);
  const poll = await tx.polls.byId(id);
  return poll && poll.status === "open" ? poll : null;
}

export const pollJobHandlers: JobHandler[] = [
  {
    kind: "poll.remind",
    phase: "reminder",
    run: async (tx, job, now) => {
      const poll = await openPollOf(tx, job);
      if (poll) await remindPending(tx, poll, `job:${job.id}`, now);
    },
    summarize: async (tx, job) => {
      const poll = await openPollOf(tx, job);
      if (!poll) return null;
      const t = await currentTally(tx, poll);
      return t.pending > 0 ? `${pollLabel(poll)} is still open; ${t.pending} of ${t.electorate} agencies have not responded.` : null;
    },
  },
  {
    kind: "poll.close",
    phase: "closing",
    run: async (tx, job, now) => {
      // Locked: a cast or an early close racing the deadline either commits first or sees it closed.
      const poll = await openPollOf(tx, job, true);
      if (!poll) return;
      const t = await currentTally(tx, poll);
      // Closed late after downtime, the decision still carries the deadline as its date.
      await finalizePoll(tx, poll, outcomeOf(poll.procedure, t), t, poll.closesAt < now ? poll.closesAt : now, null, "deadline");
    },
  },
];
