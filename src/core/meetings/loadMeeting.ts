import { ok, refuse, type Result } from "../shared/result.ts";
import type { Tx } from "../store.ts";
import type { Meeting } from "./meeting.ts";

/** The group's meeting by number; another group's meeting is as unknown as a missing one. */
export async function loadMeeting(tx: Tx, groupId: number, id: number): Promise<Result<Meeting>> {
  const meeting = await tx.meetings.byId(id);
  if (!meeting || meeting.groupId !== groupId) return refuse({ reason: "meeting_not_found", id });
  return ok(meeting);
}

/** The codes of agencies by id, for messages. */
export async function agencyCodes(tx: Tx, groupId: number): Promise<(id: number) => string> {
  const codes = new Map((await tx.agencies.list(groupId)).map((a) => [a.id, a.code]));
  return (id) => codes.get(id) ?? `agency ${id}`;
}
