import type { PollAttempt } from "../shared/refusals.ts";
import { refuse, ok, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { Poll } from "./poll.ts";
import { tally, type Tally } from "./rules.ts";

export async function loadPoll(tx: Tx, groupId: number, id: number): Promise<Result<Poll>> {
  const poll = await tx.polls.byId(id);
  if (!poll || poll.groupId !== groupId) return refuse({ reason: "poll_not_found", id });
  return ok(poll);
}

/**
 * A poll that can still be acted on. Past its deadline a poll is decided on what stood at that moment,
 * even if its closing job has not run yet (the next tick, or catch-up after downtime).
 */
export async function loadOpenPoll(tx: Tx, groupId: number, id: number, now: Date, attempt: PollAttempt): Promise<Result<Poll>> {
  const found = await loadPoll(tx, groupId, id);
  if (found.ok && found.value.status !== "open") {
    return refuse({ reason: "poll_closed", id, outcome: found.value.outcome ?? "closed", attempt });
  }
  if (found.ok && found.value.closesAt.getTime() <= now.getTime()) return refuse({ reason: "poll_deadline_passed", id, closesAt: found.value.closesAt, attempt });
  return found;
}

/**
 * The open poll a use case is about to change, locked first (`polls.lock`): what it then reads, and the
 * tally it counts from that, stay true until it commits, whatever else runs at the same time.
 */
export async function loadPollToChange(tx: Tx, groupId: number, id: number, now: Date, attempt: PollAttempt): Promise<Result<Poll>> {
  await tx.polls.lock(id);
  return loadOpenPoll(tx, groupId, id, now, attempt);
}

export async function currentTally(tx: Tx, poll: Poll): Promise<Tally> {
  const electors = await tx.polls.electors(poll.id);
  const positions = await tx.polls.positions(poll.id);
  return tally(electors, positions, poll.quorumPercent);
}
