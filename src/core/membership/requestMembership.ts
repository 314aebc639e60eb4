import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import { normaliseAgencyCode, type Agency } from "../agencies/agency.ts";
import type { Deps } from "../deps.ts";
import { openPollIn } from "../polls/openPoll.ts";
import type { Poll } from "../polls/poll.ts";
import { deadline } from "../polls/pollText.ts";
import { isCalendarDate, todayIn } from "../shared/calendarDate.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { JoinRequest } from "./joinRequest.ts";

/** How long the participating agencies have to decide on an admission, unless the Secretariat says otherwise. */
export const MEMBERSHIP_POLL_DAYS = 14;
const DAY = 86_400_000;

export interface MembershipRequestInput {
  code: string;
  name: string;
  /** The day the executive-level written request was received (YYYY-MM-DD). */
  receivedOn: string;
  objectives: string;
  closesAt?: Date | undefined;
}

export interface MembershipRequestResult {
  request: JoinRequest;
  agency: Agency;
  poll: Poll;
  /** The agency was not known before this request. */
  created: boolean;
}

/** The open membership poll already deciding on this agency, if any. */
async function pendingAdmission(tx: Tx, agency: Agency): Promise<Poll | null> {
  for (const request of (await tx.joinRequests.forAgency(agency.id)).reverse()) {
    const poll = request.pollId === null ? null : await tx.polls.byId(request.pollId);
    if (poll?.status === "open") return poll;
  }
  return null;
}

/**
 * Records an agency's written request to join (ToR III.1): the agency becomes an applicant, the chair
 * and the agencies are informed, and a membership poll opens in which the applicant has no voice.
 * An agency that withdrew may apply again; a Framework Document contributor joins by accepting the
 * Terms of Reference instead.
 */
export async function requestMembership(deps: Deps, caller: Caller, input: MembershipRequestInput): Promise<Result<MembershipRequestResult>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "membership request");
    if (!actor.ok) return actor;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const now = deps.clock.now();
    const code = normaliseAgencyCode(input.code);
    const name = input.name.trim();
    const objectives = input.objectives.trim();

    // Everything that can refuse is checked before the first write: a refusal must leave no trace.
    if (!isCalendarDate(input.receivedOn)) return refuse({ reason: "invalid_date", option: "received", value: input.receivedOn });
    if (input.receivedOn > todayIn(now, group.timezone)) return refuse({ reason: "date_in_future", option: "received", value: input.receivedOn });
    const closesAt = input.closesAt ?? new Date(now.getTime() + MEMBERSHIP_POLL_DAYS * DAY);
    if (closesAt.getTime() <= now.getTime()) return refuse({ reason: "date_in_past", option: "closes" });

    const known = await tx.agencies.byCode(caller.groupId, code);
    if (known?.status === "participating") return refuse({ reason: "agency_already_member", code });
    if (known?.status === "invited" && known.frameworkContributor) return refuse({ reason: "agency_invited_contributor", code });
    const pending = known ? await pendingAdmission(tx, known) : null;
    if (known && pending) return refuse({ reason: "membership_request_pending", code, pollId: pending.id });
    // The participating agencies decide on the admission; with none, nobody could (openPollIn refuses too, but after writes).
    if (!(await tx.agencies.list(caller.groupId)).some((a) => a.status === "participating" && a.id !== known?.id)) return refuse({ reason: "no_electorate" });

    const agency = known
      ? await tx.agencies.update(known.id, { status: "applicant", name })
      : await tx.agencies.create({ groupId: caller.groupId, code, name, status: "applicant", frameworkContributor: false, joinedAt: null, withdrawnAt: null });
    const request = await tx.joinRequests.create({
      groupId: caller.groupId,
      agencyId: agency.id,
      receivedOn: input.receivedOn,
      objectives,
      pollId: null,
      recordedById: actor.value.id,
      createdAt: now,
    });
    await tx.audit.append({
      groupId: caller.groupId,
      at: now,
      actorId: actor.value.id,
      action: "membership.requested",
      subject: `agency:${code}`,
      details: { requestId: request.id, name, receivedOn: input.receivedOn, objectives, previousStatus: known?.status ?? null },
    });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `join-request:${request.id}:announced`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `${code} (${name}) asks to join the group, by an executive-level written request received ${input.receivedOn}.\n` +
          `Its objectives: ${objectives}\n` +
          "The participating agencies decide on its admission by consensus in the membership poll that follows.",
        data: { id: request.id, event: "membership.requested", agency: code },
      },
      now,
    );

    const opened = await openPollIn(
      tx,
      caller.groupId,
      actor.value.id,
      {
        title: `Admission of ${code} (${name})`,
        text: `Written request received ${input.receivedOn}. Objectives: ${objectives}`,
        closesAt,
        kind: "membership",
        subject: { agencyId: agency.id, joinRequestId: request.id },
        excludeAgencyIds: [agency.id],
      },
      now,
    );
    // Checked above; a refusal here would leave the request without its poll, so it must not commit.
    if (!opened.ok) throw new Error(`membership poll for ${code} refused after checks: ${opened.refusal.reason}`);
    const poll = opened.value;
    await tx.joinRequests.setPoll(request.id, poll.id);

    // The ToR has the Secretariat inform the chair: in the Secretariat's channel, and directly.
    const forChair =
      `Join request #${request.id}: ${code} (${name}), received ${input.receivedOn}. ` + `Membership poll #${poll.id} is open until ${deadline(poll)}; the applicant takes no part in it.`;
    await tx.outbox.enqueue(
      { groupId: caller.groupId, idempotencyKey: `join-request:${request.id}:secretariat`, audience: { kind: "channel", purpose: "secretariat" }, text: forChair, data: { id: request.id, event: "membership.requested", pollId: poll.id } },
      now,
    );
    for (const chair of await tx.people.listWithRole(caller.groupId, "chair")) {
      await tx.outbox.enqueue(
        {
          groupId: caller.groupId,
          idempotencyKey: `join-request:${request.id}:chair:${chair.id}`,
          audience: { kind: "person", personId: chair.id },
          text: `For the chair: ${forChair}`,
          data: { id: request.id, event: "membership.requested", pollId: poll.id },
        },
        now,
      );
    }
    return ok({ request: { ...request, pollId: poll.id }, agency, poll, created: !known });
  });
}
