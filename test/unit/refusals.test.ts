// Every refusal becomes words in one place (src/core/shared/refusals.ts). Each message must read
// well, name what it is about, and, where something can be done, say what.
import { describe, expect, it } from "vitest";
import { catalogue } from "../../commands/index.ts";
import { describeRefusal, type Refusal } from "../../src/core/shared/refusals.ts";

type Reason = Refusal["reason"];

/**
 * One sample of every refusal. Typed by reason, so adding a variant to Refusal without a sample
 * here fails the type-check (npx tsc --noEmit). Values are distinctive so the message can be
 * searched for them.
 */
const samples: { [R in Reason]: Extract<Refusal, { reason: R }> } = {
  role_required: { reason: "role_required", action: "open a poll", roles: ["the Secretariat", "the chair"] },
  agency_exists: { reason: "agency_exists", code: "ZZSA" },
  agency_not_found: { reason: "agency_not_found", code: "ZZSA" },
  agency_not_participating: { reason: "agency_not_participating", code: "ZZSA", status: "invited" },
  agency_already_withdrawn: { reason: "agency_already_withdrawn", code: "ZZSA" },
  agency_not_invited: { reason: "agency_not_invited", code: "ZZSA", status: "participating" },
  person_not_found: { reason: "person_not_found", handle: "quentin" },
  represents_other_agency: { reason: "represents_other_agency", handle: "quentin", code: "ZZSA" },
  own_agency_only: { reason: "own_agency_only", action: "designate representatives" },
  not_a_delegate: { reason: "not_a_delegate", handle: "quentin" },
  role_not_held: { reason: "role_not_held", handle: "quentin", role: "chair" },
  identity_taken: { reason: "identity_taken", platform: "slack", id: "U0QUENTIN", handle: "quentin" },
  poll_not_found: { reason: "poll_not_found", id: 4242 },
  poll_closed: { reason: "poll_closed", id: 4242, outcome: "not adopted", attempt: "position" },
  poll_deadline_passed: { reason: "poll_deadline_passed", id: 4242, closesAt: new Date("2026-06-08T09:00:00Z"), attempt: "position" },
  not_in_electorate: { reason: "not_in_electorate", id: 4242, code: "ZZSA" },
  superseded_position: { reason: "superseded_position", id: 4242, code: "ZZSA" },
  objection_needs_reason: { reason: "objection_needs_reason" },
  no_electorate: { reason: "no_electorate" },
  chair_by_term: { reason: "chair_by_term", attempt: "grant" },
  setting_out_of_range: { reason: "setting_out_of_range", option: "poll", value: 1e20, min: 1, max: 2160, unit: "hours", meaning: "before a poll's deadline" },
  quorum_with_silence: { reason: "quorum_with_silence" },
  endorsement_required: { reason: "endorsement_required", id: 4242 },
  date_in_past: { reason: "date_in_past", option: "closes" },
  extend_not_later: { reason: "extend_not_later", id: 4242 },
  invalid_time_zone: { reason: "invalid_time_zone", zone: "Mars/Olympus" },
  invalid_date: { reason: "invalid_date", option: "closes", value: "someday" },
  message_not_parked: { reason: "message_not_parked", id: 4242 },
  meeting_not_found: { reason: "meeting_not_found", id: 4242 },
  meeting_status: { reason: "meeting_status", id: 4242, status: "planning", action: "be scheduled" },
  meeting_ends_before_start: { reason: "meeting_ends_before_start", startsOn: "2026-10-05", endsOn: "2026-10-01" },
  meeting_not_over: { reason: "meeting_not_over", id: 4242, endsOn: "2026-10-05", timezone: "Europe/Rome" },
  meeting_online: { reason: "meeting_online", id: 4242, onlineUrl: "https://meet.example.org/plenary" },
  venue_proposal_not_found: { reason: "venue_proposal_not_found", id: 4242 },
  venue_costs_not_accepted: { reason: "venue_costs_not_accepted", hosts: ["ZZSA", "YYSA"] },
  venue_host_not_participating: { reason: "venue_host_not_participating", code: "ZZSA", status: "withdrawn" },
  venue_proposer_not_host: { reason: "venue_proposer_not_host", code: "ZZSA", hosts: ["YYSA", "XXSA"] },
  venue_dates_incomplete: { reason: "venue_dates_incomplete" },
  venue_confirmer_not_host: { reason: "venue_confirmer_not_host", id: 4242, code: "JAXA", hosts: ["ESA", "CNES"] },
  venue_host_already_confirmed: { reason: "venue_host_already_confirmed", id: 4242, code: "CNES" },
  venue_hosts_unconfirmed: { reason: "venue_hosts_unconfirmed", id: 4242, codes: ["CNES"] },
  venue_proposal_status: { reason: "venue_proposal_status", id: 4242, status: "in poll", pollId: 77 },
  venue_poll_open: { reason: "venue_poll_open", meetingId: 4242, pollId: 77, proposalId: 88 },
  advisor_in_other_delegation: { reason: "advisor_in_other_delegation", name: "Ada Lovelace", code: "ZZSA", meetingId: 4242 },
  advisor_already_notified: { reason: "advisor_already_notified", name: "Ada Lovelace", id: 77, meetingId: 4242 },
  advisor_notice_not_found: { reason: "advisor_notice_not_found", id: 4242 },
  advisor_notice_acknowledged: { reason: "advisor_notice_acknowledged", id: 4242 },
  date_in_future: { reason: "date_in_future", option: "received", value: "2099-01-01" },
  agency_already_member: { reason: "agency_already_member", code: "ZZSA" },
  agency_invited_contributor: { reason: "agency_invited_contributor", code: "ZZSA" },
  membership_request_pending: { reason: "membership_request_pending", code: "ZZSA", pollId: 77 },
  membership_needs_request: { reason: "membership_needs_request" },
  venue_needs_proposal: { reason: "venue_needs_proposal" },
  workplan_needs_year: { reason: "workplan_needs_year", year: null },
  year_only_for_workplan: { reason: "year_only_for_workplan", kind: "general" },
  amendment_needs_text: { reason: "amendment_needs_text" },
  chair_not_representative: { reason: "chair_not_representative", handle: "quentin", code: "ZZSA" },
  chair_unchanged: { reason: "chair_unchanged", handle: "quentin", since: "2026-01-01" },
  chair_handover_too_early: { reason: "chair_handover_too_early", from: "2025-12-01", since: "2026-01-01", handle: "quentin" },
  announcement_not_found: { reason: "announcement_not_found", id: 4242 },
  announcement_retracted: { reason: "announcement_retracted", id: 4242 },
  announcement_already_posted: { reason: "announcement_already_posted", id: 4242 },
  announcement_edit_empty: { reason: "announcement_edit_empty", id: 4242 },
  members_only: { reason: "members_only", action: "see the polls" },
  enrol_needs_secretariat: { reason: "enrol_needs_secretariat", handle: "quentin" },
  link_code_invalid: { reason: "link_code_invalid" },
  link_not_in_shell: { reason: "link_not_in_shell" },
  link_same_platform: { reason: "link_same_platform", platform: "slack" },
  already_linked: { reason: "already_linked", platform: "slack" },
  identity_not_linked: { reason: "identity_not_linked", handle: "quentin", platform: "slack" },
  last_identity: { reason: "last_identity", platform: "slack" },
  no_workspace: { reason: "no_workspace" },
  workspace_without_group: { reason: "workspace_without_group", platform: "discord" },
  workspace_has_group: { reason: "workspace_has_group", platform: "slack", name: "Working group" },
  join_code_invalid: { reason: "join_code_invalid" },
  group_code_in_shell: { reason: "group_code_in_shell" },
  workspace_mismatch: { reason: "workspace_mismatch" },
  group_not_found: { reason: "group_not_found", id: 42 },
  not_in_group: { reason: "not_in_group", id: 2, name: "Working group" },
};

/** Variants whose message branches on a field: one sample per branch, besides the ones above. */
const branches: Refusal[] = [
  ...["planning", "venue agreed", "scheduled", "held", "cancelled", "minutes issued"].map(
    (status): Refusal => ({ reason: "meeting_status", id: 4242, status, action: "change" }),
  ),
  { reason: "venue_proposal_status", id: 4242, status: "agreed", pollId: 77 },
  { reason: "venue_proposal_status", id: 4242, status: "not agreed", pollId: 77 },
  { reason: "venue_proposal_status", id: 4242, status: "not agreed", pollId: null },
  { reason: "workplan_needs_year", year: 1999 },
  { reason: "role_required", action: "grant a role", roles: ["the Secretariat"] },
  { reason: "role_required", action: "grant a role", roles: ["the Secretariat", "the chair", "an operator"] },
];

const all: Refusal[] = [...Object.values(samples), ...branches];

/**
 * Refusals that state a fact and have nothing to suggest: a repeated request that changed nothing,
 * or a rule the user cannot act on. Every other message must say what to do.
 */
const INFORMATIONAL_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  "agency_not_participating",
  "agency_already_withdrawn",
  "not_in_electorate",
  "meeting_not_over",
  "advisor_notice_acknowledged",
]);
const isInformational = (r: Refusal): boolean => INFORMATIONAL_REASONS.has(r.reason) || (r.reason === "venue_proposal_status" && r.status === "agreed");

/** A command to run, an option to give, or one of the words that introduce advice. */
const SUGGESTION = /(^|[\s(])\/[a-z]|\s[a-z]+:[a-z"]|\b(instead|ask|use|give|add|tell)\b/i;

/** The slash commands a message points to, such as "/poll show id:4242" -> {key "poll show", options ["id"]}. */
function mentions(text: string): { text: string; command: string; word?: string; options: string[] }[] {
  const found = [];
  for (const m of text.matchAll(/(?<![\w/])\/([a-z]+)(?: ([a-z][a-z-]*)(?![\w:]))?((?: [a-z]+:\S*)*)/g)) {
    const options = [...(m[3] ?? "").matchAll(/ ([a-z]+):/g)].map((o) => o[1]!);
    found.push({ text: m[0], command: m[1]!, ...(m[2] ? { word: m[2] } : {}), options });
  }
  return found;
}

/** Why a mentioned command would not run as written, or null when the catalogue has it. */
function problemWith(mention: ReturnType<typeof mentions>[number]): string | null {
  const command = catalogue.find((c) => c.name === mention.command);
  if (!command) return `${mention.text}: no command /${mention.command}`;
  const actionName = "" in command.actions ? "" : (mention.word ?? "");
  const action = command.actions[actionName];
  if (!Object.hasOwn(command.actions, actionName) || !action) return `${mention.text}: /${command.name} has no subcommand ${actionName}`;
  const unknown = mention.options.filter((o) => !(o in action.options));
  return unknown.length ? `${mention.text}: no option ${unknown.join(", ")}` : null;
}

describe("describeRefusal", () => {
  it("has a sample of every reason (the type of `samples` keeps it exhaustive)", () => {
    expect(Object.entries(samples).every(([reason, sample]) => sample.reason === reason)).toBe(true);
    expect(Object.keys(samples).length).toBeGreaterThanOrEqual(40);
  });

  it.each(all.map((r) => [r.reason, r] as const))("%s gives a complete sentence without placeholders", (_reason, refusal) => {
    const text = describeRefusal(refusal);
    expect(text.trim().length).toBeGreaterThan(20);
    expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]/);
    expect(text.trimEnd()).toMatch(/[.:!?)]$/);
  });

  it.each(all.filter((r) => !isInformational(r)).map((r) => [r.reason, r] as const))("%s says what to do", (_reason, refusal) => {
    expect(describeRefusal(refusal)).toMatch(SUGGESTION);
  });

  it("keeps the informational list honest: each of them really has no suggestion", () => {
    const informational = all.filter(isInformational);
    expect(informational.length).toBeGreaterThanOrEqual(INFORMATIONAL_REASONS.size);
    expect(informational.filter((r) => SUGGESTION.test(describeRefusal(r))).map((r) => r.reason)).toEqual([]);
  });

  it("names the things the refusal is about", () => {
    expect(describeRefusal(samples.agency_not_found)).toContain("ZZSA");
    expect(describeRefusal(samples.identity_taken)).toMatch(/slack.*U0QUENTIN.*quentin/);
    expect(describeRefusal(samples.poll_closed)).toContain("#4242 is closed (not adopted)");
    expect(describeRefusal(samples.invalid_date)).toContain("closes:someday");
    expect(describeRefusal(samples.invalid_time_zone)).toContain("Mars/Olympus");
    expect(describeRefusal(samples.meeting_ends_before_start)).toMatch(/2026-10-01.*2026-10-05/);
    expect(describeRefusal(samples.venue_costs_not_accepted)).toContain("ZZSA and YYSA");
    expect(describeRefusal(samples.venue_proposer_not_host)).toContain("YYSA, XXSA");
    expect(describeRefusal(samples.venue_poll_open)).toMatch(/#4242.*#77.*#88/);
    expect(describeRefusal(samples.venue_hosts_unconfirmed)).toMatch(/CNES.*\/venue confirm id:4242/);
    expect(describeRefusal(samples.advisor_in_other_delegation)).toMatch(/Ada Lovelace.*ZZSA.*#4242/);
    expect(describeRefusal(samples.superseded_position)).toMatch(/later choice of your agency \(ZZSA\) on poll #4242 .*not applied.*\/poll show id:4242/);
  });

  it("lists the roles that may act, joined with 'or'", () => {
    expect(describeRefusal(samples.role_required)).toContain("Only the Secretariat or the chair can open a poll.");
    expect(describeRefusal({ reason: "role_required", action: "x", roles: ["A", "B", "C"] })).toContain("Only A, B or C can x.");
  });

  it("tells the next step of a meeting from its status", () => {
    const step = (status: string) => describeRefusal({ reason: "meeting_status", id: 9, status, action: "do that" });
    expect(step("planning")).toContain("/venue propose meeting:9");
    expect(step("venue agreed")).toContain("/meeting schedule id:9");
    expect(step("scheduled")).toContain("/meeting held id:9");
    expect(step("held")).toContain("/meeting minutes id:9");
    expect(step("cancelled")).toContain("/meeting create");
    expect(step("minutes issued")).toContain("/meeting show id:9");
  });

  it("distinguishes the states of a venue proposal", () => {
    const say = (status: string, pollId: number | null) => describeRefusal({ reason: "venue_proposal_status", id: 5, status, pollId });
    expect(say("in poll", 77)).toContain("/poll show id:77");
    expect(say("agreed", 77)).toContain("already agreed");
    expect(say("not agreed", 77)).toContain("(poll #77)");
    expect(say("not agreed", null)).not.toContain("poll #");
  });
});

describe("the commands that refusals point to", () => {
  it("finds the mentions it checks (a sanity check on the parser above)", () => {
    expect(mentions("Use /poll show id:4 text:x, or /help role.")).toEqual([
      { text: "/poll show id:4 text:x,", command: "poll", word: "show", options: ["id", "text"] },
      { text: "/help role", command: "help", word: "role", options: [] },
    ]);
    expect(mentions("Use an IANA name such as Europe/Paris")).toEqual([]);
  });

  it("exist in the catalogue, with the options they name", () => {
    const pointed = all.flatMap((r) => mentions(describeRefusal(r)).map((m) => ({ reason: r.reason, m })));
    expect(pointed.length).toBeGreaterThan(25);
    const problems = pointed
      .map(({ reason, m }) => [reason, problemWith(m)])
      .filter(([, problem]) => problem !== null);
    expect(problems).toEqual([]);
  });
});
