import { cardData } from "../cards/card.ts";
import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { unmetKindRequirement } from "../adoptions/kindRequirements.ts";
import { unrepresentedAgencies } from "../agencies/unrepresented.ts";
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
  // A silence procedure is adopted at the deadline unless someone objects: no quorum applies to it.
  if (input.procedure === "silence" && input.quorumPercent !== undefined) return refuse({ reason: "quorum_with_silence" });
  if (input.closesAt.getTime() <= now.getTime()) return refuse({ reason: "date_in_past", option: "closes" });
  const group = await tx.groups.byId(groupId);
  if (!group) throw new Error(`group ${groupId} is missing`);

  const excluded = new Set(input.excludeAgencyIds ?? []);
  const agencies = (await tx.agencies.list(groupId)).filter((a) => a.status === "participating" && !excluded.has(a.id));
  const electorate = agencies.map((a) => a.id);
  // Nobody could take part: such a poll would become a numbered decision that nobody made.
  if (electorate.length === 0) return refuse({ reason: "no_electorate" });
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
      data: { id: poll.id, event: "poll.opened", ...cardData({ kind: "poll", id: poll.id, redraw: false }) },
    },
    now,
  );
  const unrepresented = await unrepresentedAgencies(tx, electorate);
  if (unrepresented.length) {
    const codes = agencies.filter((a) => unrepresented.includes(a.id)).map((a) => a.code);
    await tx.outbox.enqueue(
      {
        groupId,
        idempotencyKey: `poll:${poll.id}:unrepresented`,
        audience: { kind: "channel", purpose: "secretariat" },
        text:
          `${pollLabel(poll)} has opened, but ${codes.join(", ")} ${codes.length === 1 ? "has" : "have"} no representative, so nobody can respond or be reminded for ${codes.length === 1 ? "it" : "them"}. ` +
          `Add representatives with /delegate add agency:${codes[0]} user:USER.`,
        data: { id: poll.id, event: "poll.unrepresented", agencies: codes },
      },
      now,
    );
  }
  return ok(poll);
}
