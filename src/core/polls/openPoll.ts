import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { unmetKindRequirement } from "../adoptions/kindRequirements.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { Poll, PollKind, Procedure } from "./poll.ts";
import { schedulePollJobs } from "./pollJobs.ts";
import { deadline, describeProcedure, pollCardKey, pollLabel } from "./pollText.ts";

export interface OpenPollInput {
  title: string;
  text?: string | undefined;
  closesAt: Date;
  procedure?: Procedure | undefined;
  quorumPercent?: number | undefined;
  kind?: PollKind | undefined;
  subject?: Record<string, unknown> | undefined;
  /** Agencies that never vote on this poll, such as an applicant on its own admission. */
  excludeAgencyIds?: number[] | undefined;
}

export async function openPoll(deps: Deps, caller: Caller, input: OpenPollInput): Promise<Result<Poll>> {
  return deps.store.transaction(async (tx) => {
    const opener = await authorize(tx, caller, "poll open");
    if (!opener.ok) return opener;
    return openPollIn(tx, caller.groupId, opener.value.id, input, deps.clock.now());
  });
}

/** Opens a poll inside a transaction that other use cases (join requests, venue choices) already hold. */
export async function openPollIn(tx: Tx, groupId: number, openerId: number, input: OpenPollInput, now: Date): Promise<Result<Poll>> {
  const unmet = unmetKindRequirement(input);
  if (unmet) return refuse(unmet);
  if (input.closesAt.getTime() <= now.getTime()) return refuse({ reason: "date_in_past", option: "closes" });
  const group = await tx.groups.byId(groupId);
  if (!group) throw new Error(`group ${groupId} is missing`);

  const excluded = new Set(input.excludeAgencyIds ?? []);
  const electorate = (await tx.agencies.list(groupId))
    .filter((a) => a.status === "participating" && !excluded.has(a.id))
    .map((a) => a.id);
  const poll = await tx.polls.create(
    {
      groupId,
      title: input.title,
      text: input.text ?? null,
      kind: input.kind ?? "general",
      procedure: input.procedure ?? "consensus",
      quorumPercent: input.quorumPercent ?? null,
      subject: input.subject ?? null,
      openedById: openerId,
      openedAt: now,
      closesAt: input.closesAt,
    },
    electorate,
  );
  await schedulePollJobs(tx, poll, group, now);
  await tx.audit.append({
    groupId,
    at: now,
    actorId: openerId,
    action: "poll.opened",
    subject: `poll:${poll.id}`,
    details: { title: poll.title, kind: poll.kind, procedure: poll.procedure, closesAt: poll.closesAt.toISOString(), electorate },
  });
  const body = poll.text ? `\n${poll.text}` : "";
  await tx.outbox.enqueue(
    {
      groupId,
      idempotencyKey: pollCardKey(poll.id),
      audience: { kind: "channel", purpose: "announcements" },
      text:
        `New ${poll.kind === "general" ? "" : `${poll.kind} `}${pollLabel(poll)}: closes ${deadline(poll)}. ` +
        `${electorate.length} agencies take part (${describeProcedure(poll)}).${body}\n` +
        `Respond with /poll position id:${poll.id} stance:concur|abstain|object`,
      data: { id: poll.id, event: "poll.opened" },
    },
    now,
  );
  return ok(poll);
}
