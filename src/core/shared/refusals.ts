// Every expected refusal, and the one place where each becomes words for the user.
// Each message says why, and what to do instead.

export type Refusal =
  | { reason: "unknown_caller" }
  | { reason: "role_required"; action: string; roles: string[] }
  | { reason: "not_a_representative" }
  | { reason: "agency_exists"; code: string }
  | { reason: "agency_not_found"; code: string }
  | { reason: "agency_not_participating"; code: string; status: string }
  | { reason: "agency_already_withdrawn"; code: string }
  | { reason: "agency_not_invited"; code: string; status: string }
  | { reason: "person_not_found"; handle: string }
  | { reason: "represents_other_agency"; handle: string; code: string }
  | { reason: "own_agency_only"; code: string }
  | { reason: "not_a_delegate"; handle: string }
  | { reason: "role_not_held"; handle: string; role: string }
  | { reason: "identity_taken"; platform: string; id: string; handle: string }
  | { reason: "poll_not_found"; id: number }
  | { reason: "poll_closed"; id: number; outcome: string }
  | { reason: "not_in_electorate"; id: number; code: string }
  | { reason: "objection_needs_reason" }
  | { reason: "endorsement_required"; id: number }
  | { reason: "date_in_past"; option: string }
  | { reason: "extend_not_later"; id: number }
  | { reason: "invalid_time_zone"; zone: string }
  | { reason: "invalid_date"; option: string; value: string }
  | { reason: "message_not_parked"; id: number };

export function describeRefusal(r: Refusal): string {
  switch (r.reason) {
    case "unknown_caller":
      return "I do not know you yet. Ask the Secretariat to add you with /delegate add or to grant you a role with /role grant.";
    case "role_required":
      return `Only ${listOr(r.roles)} can ${r.action}. Ask them to do it, or ask the Secretariat for the role.`;
    case "not_a_representative":
      return "You do not represent any agency, so you cannot cast a position. Ask your head of delegation or the Secretariat to add you with /delegate add.";
    case "agency_exists":
      return `Agency ${r.code} is already recorded. See it with /agency show code:${r.code}.`;
    case "agency_not_found":
      return `There is no agency with code ${r.code}. See the recorded agencies with /agency list.`;
    case "agency_not_participating":
      return `Agency ${r.code} is ${r.status}, not participating. Only participating agencies can do this.`;
    case "agency_already_withdrawn":
      return `Agency ${r.code} has already withdrawn. Nothing was changed.`;
    case "agency_not_invited":
      return `Agency ${r.code} is ${r.status}; only agencies invited as Framework Document contributors join by accepting the Terms of Reference. Others send a join request: /membership request.`;
    case "person_not_found":
      return `I do not know ${r.handle}. Add them first with /delegate add, or check the spelling with /delegate list.`;
    case "represents_other_agency":
      return `${r.handle} already represents ${r.code}. Remove them there first with /delegate remove user:${r.handle}.`;
    case "own_agency_only":
      return `A head of delegation manages only their own agency's representatives, not ${r.code}'s. Ask the Secretariat.`;
    case "not_a_delegate":
      return `${r.handle} is not a representative of any agency. See who is with /delegate list.`;
    case "role_not_held":
      return `${r.handle} does not hold the ${r.role} role. See /help role.`;
    case "identity_taken":
      return `The ${r.platform} account ${r.id} is already linked to ${r.handle}. Unlink it there first.`;
    case "poll_not_found":
      return `There is no poll #${r.id}. See the polls with /poll list.`;
    case "poll_closed":
      return `Poll #${r.id} is closed (${r.outcome}); positions can no longer change. See /poll show id:${r.id}.`;
    case "not_in_electorate":
      return `${r.code} is not in the electorate of poll #${r.id}: only agencies participating when it opened take part.`;
    case "objection_needs_reason":
      return 'An objection blocks the decision, so it needs a reason: add reason:"…". To stand aside without blocking, use stance:abstain.';
    case "endorsement_required":
      return `Poll #${r.id} endorses a product: concur only once your agency has endorsed it internally, and confirm with endorsed:true.`;
    case "date_in_past":
      return `The time given for ${r.option} is in the past. Give a later date, or a duration such as 48h or 7d.`;
    case "extend_not_later":
      return `The new deadline of poll #${r.id} must be later than its current one. To end it sooner, use /poll close id:${r.id}.`;
    case "invalid_time_zone":
      return `${r.zone} is not a time zone I know. Use an IANA name such as Europe/Paris or America/New_York.`;
    case "message_not_parked":
      return `Message #${r.id} is not parked. See the parked messages with /outbox list.`;
    case "invalid_date":
      return `${r.option}:${r.value} is not a date I can read. Use an ISO date (2026-12-01), a date-time (2026-12-01T14:00 or with an offset), or a duration (90m, 48h, 7d).`;
  }
}

function listOr(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
