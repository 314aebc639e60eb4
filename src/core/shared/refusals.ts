import { timeMarker } from "./markup.ts";
// Every expected refusal, and the one place where each becomes words for the user.
// Each message says why, and what to do instead.

export type Refusal =
  | { reason: "role_required"; action: string; roles: string[] }
  | { reason: "agency_exists"; code: string }
  | { reason: "agency_not_found"; code: string }
  | { reason: "agency_not_participating"; code: string; status: string }
  | { reason: "agency_already_withdrawn"; code: string }
  | { reason: "agency_not_invited"; code: string; status: string }
  | { reason: "person_not_found"; handle: string }
  | { reason: "represents_other_agency"; handle: string; code: string }
  | { reason: "own_agency_only"; action: string }
  | { reason: "not_a_delegate"; handle: string }
  | { reason: "role_not_held"; handle: string; role: string }
  | { reason: "identity_taken"; platform: string; id: string; handle: string }
  | { reason: "poll_not_found"; id: number }
  | { reason: "poll_closed"; id: number; outcome: string; attempt: PollAttempt }
  | { reason: "poll_deadline_passed"; id: number; closesAt: Date; attempt: PollAttempt }
  | { reason: "not_in_electorate"; id: number; code: string }
  | { reason: "superseded_position"; id: number; code: string }
  | { reason: "objection_needs_reason" }
  | { reason: "no_electorate" }
  | { reason: "chair_by_term"; attempt: "grant" | "revoke" }
  | { reason: "setting_out_of_range"; option: string; value: number; min: number; max: number; unit: string; meaning: string }
  | { reason: "quorum_with_silence" }
  | { reason: "endorsement_required"; id: number }
  | { reason: "date_in_past"; option: string }
  | { reason: "extend_not_later"; id: number }
  | { reason: "invalid_time_zone"; zone: string }
  | { reason: "invalid_date"; option: string; value: string }
  | { reason: "message_not_parked"; id: number }
  | { reason: "meeting_not_found"; id: number }
  | { reason: "meeting_status"; id: number; status: string; action: string }
  | { reason: "meeting_ends_before_start"; startsOn: string; endsOn: string }
  | { reason: "meeting_not_over"; id: number; endsOn: string; timezone: string }
  | { reason: "meeting_online"; id: number; onlineUrl: string }
  | { reason: "venue_proposal_not_found"; id: number }
  | { reason: "venue_costs_not_accepted"; hosts: string[] }
  | { reason: "venue_host_not_participating"; code: string; status: string }
  | { reason: "venue_proposer_not_host"; code: string; hosts: string[] }
  | { reason: "venue_dates_incomplete" }
  | { reason: "venue_confirmer_not_host"; id: number; code: string; hosts: string[] }
  | { reason: "venue_host_already_confirmed"; id: number; code: string }
  | { reason: "venue_hosts_unconfirmed"; id: number; codes: string[] }
  | { reason: "venue_proposal_status"; id: number; status: string; pollId: number | null }
  | { reason: "venue_poll_open"; meetingId: number; pollId: number; proposalId: number }
  | { reason: "advisor_in_other_delegation"; name: string; code: string; meetingId: number }
  | { reason: "advisor_already_notified"; name: string; id: number; meetingId: number }
  | { reason: "advisor_notice_not_found"; id: number }
  | { reason: "advisor_notice_acknowledged"; id: number }
  | { reason: "date_in_future"; option: string; value: string }
  | { reason: "agency_already_member"; code: string }
  | { reason: "agency_invited_contributor"; code: string }
  | { reason: "membership_request_pending"; code: string; pollId: number }
  | { reason: "membership_needs_request" }
  | { reason: "venue_needs_proposal" }
  | { reason: "workplan_needs_year"; year: number | null }
  | { reason: "year_only_for_workplan"; kind: string }
  | { reason: "amendment_needs_text" }
  | { reason: "chair_not_representative"; handle: string; code: string }
  | { reason: "chair_unchanged"; handle: string; since: string }
  | { reason: "chair_handover_too_early"; from: string; since: string; handle: string }
  | { reason: "announcement_not_found"; id: number }
  | { reason: "announcement_retracted"; id: number }
  | { reason: "announcement_already_posted"; id: number }
  | { reason: "announcement_edit_empty"; id: number }
  | { reason: "members_only"; action: string }
  | { reason: "enrol_needs_secretariat"; handle: string }
  | { reason: "link_code_invalid" }
  | { reason: "link_not_in_shell" }
  | { reason: "link_same_platform"; platform: string }
  | { reason: "already_linked"; platform: string }
  | { reason: "identity_not_linked"; handle: string; platform: string }
  | { reason: "last_identity"; platform: string }
  | { reason: "no_workspace" }
  | { reason: "workspace_without_group"; platform: string }
  | { reason: "workspace_has_group"; platform: string; name: string }
  | { reason: "join_code_invalid" }
  | { reason: "group_code_in_shell" }
  | { reason: "workspace_mismatch" }
  | { reason: "group_not_found"; id: number }
  | { reason: "not_in_group"; id: number; name: string };

/** What was attempted on a poll that no longer takes it, so that the refusal speaks of that. */
export type PollAttempt = "position" | "close" | "extend" | "withdraw" | "remind";

const CLOSED_POLL: Record<PollAttempt, string> = {
  position: "positions can no longer change",
  close: "it is already decided",
  extend: "its deadline can no longer move",
  withdraw: "it can no longer be withdrawn",
  remind: "nobody needs reminding any more",
};

/** Options that take a WHEN (a date, a date-time or a duration); the others take a calendar date. */
const WHEN_OPTIONS: ReadonlySet<string> = new Set(["closes", "at"]);

export function describeRefusal(r: Refusal): string {
  switch (r.reason) {
    case "role_required":
      return `Only ${listOr(r.roles)} can ${r.action}. Ask them to do it, or ask the Secretariat for the role.`;
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
      return `A head of delegation can ${r.action} only for their own agency. Ask the Secretariat, or that agency's head of delegation.`;
    case "not_a_delegate":
      return `${r.handle} is not a representative of any agency. See who is with /delegate list.`;
    case "role_not_held":
      return `${r.handle} does not hold the ${r.role} role. See /help role.`;
    case "identity_taken":
      return `This ${r.platform} account (${r.id}) already belongs to ${r.handle}. To link it to someone else, first unlink it: ${r.handle} can, from another of their accounts, with /delegate unlink platform:${r.platform}, or the Secretariat can with /delegate unlink user:${r.handle} platform:${r.platform}. Then give the code back again.`;
    case "poll_not_found":
      return `There is no poll #${r.id}. See the polls with /poll list.`;
    case "poll_closed":
      return `Poll #${r.id} is closed (${r.outcome}); ${CLOSED_POLL[r.attempt]}. See the decision with /poll show id:${r.id}.`;
    case "poll_deadline_passed":
      return `Poll #${r.id} reached its deadline ${timeMarker(r.closesAt)} and is being decided on the positions that stood then; ${CLOSED_POLL[r.attempt]}. See /poll show id:${r.id}.`;
    case "not_in_electorate":
      return `${r.code} is not in the electorate of poll #${r.id}: only agencies participating when it opened take part.`;
    case "superseded_position":
      return `A later choice of your agency (${r.code}) on poll #${r.id} was recorded after this one was made, so this one was not applied. See where ${r.code} stands on the poll's card or with /poll show id:${r.id}, and vote again if you still mean this one.`;
    case "setting_out_of_range":
      return `${r.option}:${r.value} is out of range: give ${r.unit} ${r.meaning} from ${r.min} to ${r.max}.`;
    case "chair_by_term":
      return (
        `The chair is whoever holds the current chair term, so the chair role is not ${r.attempt === "grant" ? "granted" : "revoked"} on its own. ` +
        "Record the handover to the new chair with /chair set agency:CODE user:USER from:DATE; the previous chair then steps down. See who chairs with /chair status."
      );
    case "no_electorate":
      return "No agency participates yet, so nobody could take part in a poll. Record the participating agencies first with /agency add, then open the poll.";
    case "quorum_with_silence":
      return "A silence procedure has no quorum: it is adopted at the deadline unless an agency objects. Leave quorum: out, or use procedure:consensus with a quorum.";
    case "objection_needs_reason":
      return 'An objection blocks the decision, so it needs a reason: add reason:"…". To stand aside without blocking, use stance:abstain.';
    case "endorsement_required":
      return `Poll #${r.id} endorses a product: concur only once your agency has endorsed it internally, and confirm with endorsed:true.`;
    case "date_in_past":
      return WHEN_OPTIONS.has(r.option)
        ? `The time given for ${r.option}: is in the past. Give a later date, or a duration such as 48h or 7d.`
        : `The date given for ${r.option}: is in the past. Give today's date or a later one (YYYY-MM-DD).`;
    case "extend_not_later":
      return `The new deadline of poll #${r.id} must be later than its current one. To end it sooner, use /poll close id:${r.id}.`;
    case "invalid_time_zone":
      return `${r.zone} is not a time zone I know. Use an IANA name such as Europe/Paris or America/New_York.`;
    case "message_not_parked":
      return `Message #${r.id} is not parked. See the parked messages with /outbox list.`;
    case "invalid_date":
      return WHEN_OPTIONS.has(r.option)
        ? `${r.option}:${r.value} is not a time I can read. Use an ISO date (2026-12-01), a date-time (2026-12-01T14:00, or with an offset from -12:00 to +14:00), or a duration (90m, 48h, 7d, 1d12h).`
        : `${r.option}:${r.value} is not a date I can read. Use a calendar date written YYYY-MM-DD, such as 2026-12-01.`;
    case "meeting_not_found":
      return `There is no meeting #${r.id}. See the meetings with /meeting list.`;
    case "meeting_status":
      return `Meeting #${r.id} (${r.status}) cannot ${r.action}. ${meetingNextStep(r.id, r.status)}`;
    case "meeting_ends_before_start":
      return `A meeting cannot end (${r.endsOn}) before it starts (${r.startsOn}). Give an ends: date on or after starts:.`;
    case "meeting_online":
      return `Meeting #${r.id} is held online (${r.onlineUrl}): it has no venue to agree. The Secretariat schedules it directly with /meeting schedule id:${r.id}.`;
    case "meeting_not_over":
      return `Meeting #${r.id} ends on ${r.endsOn} (${r.timezone}); it can be recorded as held once that last day has begun there. Its minutes follow.`;
    case "venue_proposal_not_found":
      return `There is no venue proposal #${r.id}. See a meeting's proposals with /venue list meeting:N.`;
    case "venue_costs_not_accepted":
      return (
        `Host agencies bear the local administrative costs of a meeting they host. Add costs:accepted to confirm that ${r.hosts.join(" and ")} accept them; ` +
        "without that acceptance the proposal cannot be recorded."
      );
    case "venue_host_not_participating":
      return `${r.code} is ${r.status}; only participating agencies can host a meeting. See who participates with /agency list.`;
    case "venue_proposer_not_host":
      return `You represent ${r.code}, which is not among the hosts (${r.hosts.join(", ")}). A representative proposes a venue on behalf of their own agency: add ${r.code} to hosts:, or ask a host's representative or the Secretariat.`;
    case "venue_confirmer_not_host":
      return `You represent ${r.code}, which is not among the hosts of venue proposal #${r.id} (${r.hosts.join(", ")}). Each host confirms its own share of the costs; to host too, propose a venue with your agency among hosts: (/venue propose).`;
    case "venue_host_already_confirmed":
      return `${r.code} has already confirmed its share of the costs of venue proposal #${r.id}. Nothing was changed; see /venue list.`;
    case "venue_hosts_unconfirmed":
      return `Venue proposal #${r.id} awaits the confirmation of ${r.codes.join(" and ")}: every host bears costs, so a representative of each confirms their agency's share with /venue confirm id:${r.id} before it can be put to the group.`;
    case "venue_dates_incomplete":
      return "Give both starts: and ends: to propose other dates, or neither to keep the meeting's dates.";
    case "venue_proposal_status":
      if (r.status === "in poll") return `Venue proposal #${r.id} is already before poll #${r.pollId}. Follow it with /poll show id:${r.pollId}.`;
      if (r.status === "agreed") return `Venue proposal #${r.id} is already agreed. Nothing was changed.`;
      return `Venue proposal #${r.id} was not agreed${r.pollId ? ` (poll #${r.pollId})` : ""}. If circumstances have changed, propose it again with /venue propose.`;
    case "venue_poll_open":
      return `The venue of meeting #${r.meetingId} is already before poll #${r.pollId} (proposal #${r.proposalId}). One proposal at a time: wait for that poll to close, or withdraw it with /poll withdraw id:${r.pollId}.`;
    case "advisor_in_other_delegation":
      return `${r.name} is already notified as an advisor of ${r.code} for meeting #${r.meetingId}, and an advisor belongs to one delegation per meeting. If this is another person, tell them apart in the name (a middle initial, for instance).`;
    case "advisor_already_notified":
      return `${r.name} is already notified for your delegation (notice #${r.id}). Nothing was changed; see /advisor list meeting:${r.meetingId}.`;
    case "advisor_notice_not_found":
      return `There is no advisor notice #${r.id}. See a meeting's notices with /advisor list meeting:N.`;
    case "advisor_notice_acknowledged":
      return `Advisor notice #${r.id} is already acknowledged. Nothing was changed.`;
    case "date_in_future":
      return `${r.option}:${r.value} is in the future. Give the date it actually happened, or record it on or after that day.`;
    case "agency_already_member":
      return `${r.code} already participates in the group, so there is nothing to request. See it with /agency show code:${r.code}.`;
    case "agency_invited_contributor":
      return `${r.code} is invited as a Framework Document contributor: it joins by accepting the Terms of Reference, with no request and no poll. Record that with /agency accept-tor code:${r.code}.`;
    case "membership_request_pending":
      return `${r.code}'s request to join is already before poll #${r.pollId}. Follow it with /poll show id:${r.pollId}; to start again, withdraw that poll first with /poll withdraw id:${r.pollId}.`;
    case "membership_needs_request":
      return 'A membership poll opens with the written request it decides on: /membership request code:X name:"…" received:DATE objectives:"…". That records the request, informs the chair and the agencies, and keeps the applicant out of the vote.';
    case "venue_needs_proposal":
      return "A venue poll decides on one venue proposal, which becomes the meeting's venue if adopted: put the proposal to the agencies with /venue consensus id:N closes:7d. See a meeting's proposals with /venue list meeting:N, or make one with /venue propose.";
    case "workplan_needs_year":
      return r.year === null
        ? "A workplan poll adopts the workplan of one year: add year:YYYY, for instance year:2027."
        : `${r.year} is not a year a workplan can cover. Give a year such as 2027 with year:.`;
    case "year_only_for_workplan":
      return `year: names the year of a workplan, and this is a ${r.kind} poll. Add kind:workplan, or leave year: out.`;
    case "amendment_needs_text":
      return 'An amendment poll puts the new text of the Terms of Reference to the agencies, and that text takes effect if adopted: add text:"…".';
    case "chair_not_representative":
      return `${r.handle} does not represent ${r.code}. The chair acts for their agency: add them to its delegation first with /delegate add agency:${r.code} user:${r.handle}, or name the agency they represent.`;
    case "chair_unchanged":
      return `${r.handle} has been the chair since ${r.since}. Nothing was changed; to correct the start of the term, give the right from: date, and see /chair status.`;
    case "chair_handover_too_early":
      return `${r.handle} took the chair on ${r.since}, so a successor cannot take over on ${r.from}. Give a from: date on or after ${r.since}.`;
    case "announcement_not_found":
      return `There is no announcement #${r.id}. See them with /announcement list.`;
    case "announcement_retracted":
      return `Announcement #${r.id} has been retracted; it can no longer change. To say something new, post it with /announce text:"…".`;
    case "announcement_already_posted":
      return `Announcement #${r.id} is already posted, so its time cannot move. Edit its text with /announcement edit id:${r.id} text:"…", or retract it with /announcement retract id:${r.id}.`;
    case "announcement_edit_empty":
      return `Say what changes in announcement #${r.id}: text:"…" for its new wording, or at:WHEN to move a scheduled one.`;
    case "members_only":
      return `Only the group's members (representatives, the Secretariat, the chair and operators) can ${r.action}. Ask the Secretariat to add you with /delegate add; if the bot knows you on another platform, ask for a code there with /delegate link and give it back here.`;
    case "enrol_needs_secretariat":
      return `${r.handle} already holds a role or belongs to another delegation, so only the Secretariat can enrol them. Ask the Secretariat.`;
    case "link_code_invalid":
      return "That code is not valid: codes work once and only for a few minutes. Ask for a new one with /delegate link from the account the bot knows, then give it back here with /delegate link code:….";
    case "link_not_in_shell":
      return "Accounts of the local shell are never linked. Ask for a code with /delegate link on Discord or Slack, and give it back from your account on the other one.";
    case "link_same_platform":
      return `That code was asked for on ${r.platform}; give it back from your account on the other platform.`;
    case "already_linked":
      return `You already have a ${r.platform} account linked. Unlink it first with /delegate unlink platform:${r.platform}, then give the code back again.`;
    case "identity_not_linked":
      return `${r.handle} has no ${r.platform} account linked. See /help delegate.`;
    case "no_workspace":
      return "A direct message belongs to no server, so I cannot tell which group it is for. Send the command in a channel of your Discord server; nothing was changed.";
    case "workspace_without_group":
      return `This ${workspaceWord(r.platform)} belongs to no group yet, so nothing was changed. An operator named in BOT_OPERATORS creates one for it here with /group create name:"…", or joins it to an existing group with /group join code:… (the code comes from /group code, run in a workspace of that group).`;
    case "workspace_has_group":
      return `This ${workspaceWord(r.platform)} already belongs to the group «${r.name}»; it stays there. See it with /group show. To join another workspace to this group, give a code here with /group code.`;
    case "join_code_invalid":
      return "That code is not valid: join codes work once and only for a few minutes. Ask an operator of the group for a new one with /group code, then give it back here with /group join code:….";
    case "group_code_in_shell":
      return "The shell belongs to no workspace: join codes join Discord servers and Slack workspaces. In the shell, create another group with /group create and switch with :group ID.";
    case "workspace_mismatch":
      return "This form was opened in another workspace, so it is not for this one's group; nothing was recorded. Use the card's button in this workspace instead.";
    case "group_not_found":
      return `There is no group #${r.id}. Use :groups to see the groups, then :group ID.`;
    case "not_in_group":
      return `You are not a member of the group «${r.name}» (#${r.id}), so you cannot work in it. Switch to one of its members with as HANDLE first, or ask its Secretariat to add you.`;
    case "last_identity":
      return `Your ${r.platform} account is the only one the bot knows you by, so it stays. Link another account first with /delegate link, or ask the Secretariat.`;
  }
}

/** A Discord server or a Slack workspace, as their users call it. */
const workspaceWord = (platform: string): string => (platform === "discord" ? "Discord server" : platform === "slack" ? "Slack workspace" : "workspace");

/** What can be done with a meeting in its status, for refusals that name it. */
function meetingNextStep(id: number, status: string): string {
  switch (status) {
    case "planning":
      return `Its venue comes first: a host proposes one with /venue propose meeting:${id}, then the Secretariat or the chair puts it to /venue consensus.`;
    case "venue agreed":
      return `Schedule it first with /meeting schedule id:${id}.`;
    case "scheduled":
      return `Once it has taken place, record it with /meeting held id:${id}.`;
    case "held":
      return `Its minutes come next: /meeting minutes id:${id} text:"…".`;
    case "cancelled":
      return "To meet after all, create a new meeting with /meeting create.";
    default:
      return `Its record is complete; see /meeting show id:${id}.`;
  }
}

function listOr(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
