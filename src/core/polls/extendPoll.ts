import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import { loadPollToChange } from "./loadPoll.ts";
import type { Poll } from "./poll.ts";
import { pollJobPrefix, schedulePollJobs } from "./pollJobs.ts";
import { deadline, pollCardEdit, pollLabel } from "./pollText.ts";

/** Moves the deadline later; the closing and the reminders move with it. */
export async function extendPoll(deps: Deps, caller: Caller, pollId: number, closesAt: Date): Promise<Result<Poll>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "poll extend");
    if (!actor.ok) return actor;
    const found = await loadPollToChange(tx, caller.groupId, pollId, deps.clock.now(), "extend");
    if (!found.ok) return found;
    const now = deps.clock.now();
    if (closesAt.getTime() <= now.getTime()) return refuse({ reason: "date_in_past", option: "closes" });
    if (closesAt.getTime() <= found.value.closesAt.getTime()) return refuse({ reason: "extend_not_later", id: pollId });

    const poll: Poll = { ...found.value, closesAt };
    await tx.polls.update(pollId, { closesAt });
    await tx.jobs.cancelPending(pollJobPrefix(pollId));
    const group = await tx.groups.byId(poll.groupId);
    if (!group) throw new Error(`group ${poll.groupId} is missing`);
    await schedulePollJobs(tx, poll, group, now);
    await tx.audit.append({
      groupId: poll.groupId,
      at: now,
      actorId: actor.value.id,
      action: "poll.extended",
      subject: `poll:${pollId}`,
      details: { from: found.value.closesAt.toISOString(), to: closesAt.toISOString() },
    });
    await tx.outbox.enqueue(
      {
        groupId: poll.groupId,
        idempotencyKey: `poll:${pollId}:extended:${closesAt.toISOString()}`,
        audience: { kind: "channel", purpose: "announcements" },
        text: `The deadline of ${pollLabel(poll)} is extended: it now closes ${deadline(poll)}.`,
        data: { id: pollId, event: "poll.extended" },
      },
      now,
    );
    await tx.outbox.enqueue(pollCardEdit(poll, `poll:${pollId}:extended:${closesAt.toISOString()}:card`, "poll.card"), now);
    return ok(poll);
  });
}
