// What each kind of poll must say before it can open, because its effect on adoption depends on it:
// a workplan adopts the workplan of one year, an amendment puts a text into force, an admission
// needs the written request it decides on, and a venue poll the venue proposal its adoption agrees.
import type { OpenPollInput } from "../polls/openPoll.ts";
import type { Refusal } from "../shared/refusals.ts";

export const WORKPLAN_YEARS = { min: 2000, max: 2200 } as const;

/** The year a workplan poll covers, from its subject. */
export function workplanYear(subject: Record<string, unknown> | null | undefined): number | null {
  const year = subject?.["year"];
  return typeof year === "number" && Number.isInteger(year) ? year : null;
}

/** Why a poll of this kind cannot open as given, or null when it can. */
export function unmetKindRequirement(input: OpenPollInput): Refusal | null {
  const kind = input.kind ?? "general";
  const year = input.subject?.["year"];
  if (kind !== "workplan" && year !== undefined) return { reason: "year_only_for_workplan", kind };
  switch (kind) {
    case "workplan": {
      const given = workplanYear(input.subject);
      if (given === null) return { reason: "workplan_needs_year", year: null };
      if (given < WORKPLAN_YEARS.min || given > WORKPLAN_YEARS.max) return { reason: "workplan_needs_year", year: given };
      return null;
    }
    case "amendment":
      return input.text?.trim() ? null : { reason: "amendment_needs_text" };
    case "membership":
      return typeof input.subject?.["agencyId"] === "number" ? null : { reason: "membership_needs_request" };
    case "venue":
      return typeof input.subject?.["proposalId"] === "number" ? null : { reason: "venue_needs_proposal" };
    default:
      return null;
  }
}
