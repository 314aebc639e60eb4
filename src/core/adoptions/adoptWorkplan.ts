// The effect of an adopted workplan poll (ToR III.2.2: the group establishes its annual workplan): the
// poll's text becomes the workplan of the year named in its subject, replacing one adopted earlier.
import type { Poll } from "../polls/poll.ts";
import type { Tx } from "../store.ts";
import { workplanYear } from "./kindRequirements.ts";

export const workplanSubject = (year: number): string => `workplan:${year}`;

export async function adoptWorkplan(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  const year = workplanYear(poll.subject);
  if (year === null) return; // opened before workplan polls had to name their year
  const decision = await tx.decisions.byPoll(poll.id);
  const earlier = (await tx.audit.forSubject(poll.groupId, workplanSubject(year))).filter((e) => e.action === "workplan.adopted").at(-1);
  await tx.audit.append({
    groupId: poll.groupId,
    at,
    actorId,
    action: "workplan.adopted",
    subject: workplanSubject(year),
    details: { year, pollId: poll.id, decision: decision?.number ?? null, replaces: earlier?.details?.["pollId"] ?? null },
  });
}
