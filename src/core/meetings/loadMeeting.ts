import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { Meeting } from "./meeting.ts";

/** The group's meeting by number; another group's meeting is as unknown as a missing one. */
export async function loadMeeting(tx: Tx, groupId: number, id: number): Promise<Result<Meeting>> {
  const meeting = await tx.meetings.byId(id);
  if (!meeting || meeting.groupId !== groupId) return refuse({ reason: "meeting_not_found", id });
  return ok(meeting);
}

/**
 * The group's meeting, locked first (`meetings.lock`), for a use case about to change it or its venue
 * proposals: two changes at once (a cancellation and a record that it was held) then run one after the
 * other, and the second sees what the first did.
 */
export async function loadMeetingToChange(tx: Tx, groupId: number, id: number): Promise<Result<Meeting>> {
  await tx.meetings.lock(id);
  return loadMeeting(tx, groupId, id);
}

/** The codes of agencies by id, for messages. */
export async function agencyCodes(tx: Tx, groupId: number): Promise<(id: number) => string> {
  const codes = new Map((await tx.agencies.list(groupId)).map((a) => [a.id, a.code]));
  return (id) => codes.get(id) ?? `agency ${id}`;
}
