// What the chair's alerts do when they fall due: nothing if the term has ended meanwhile, otherwise a
// message in the Secretariat's channel.
import type { JobHandler } from "../scheduler/jobHandler.ts";
import type { ScheduledJob } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";
import { CHAIR_OVERDUE, CHAIR_SUCCESSION } from "./chairJobs.ts";

async function currentTermOf(tx: Tx, job: ScheduledJob) {
  const term = await tx.chairTerms.byId(Number(job.payload["termId"]));
  if (!term || term.endedOn !== null) return null;
  const chair = await tx.people.byId(term.personId);
  const agency = await tx.agencies.byId(term.agencyId);
  return { term, who: `${chair?.handle ?? "The chair"} (${agency?.code ?? "?"})` };
}

const HANDOVER = "Record the handover with /chair set agency:CODE user:USER from:DATE.";

function alertText(kind: string, who: string, startsOn: string, months: unknown): string {
  return kind === CHAIR_SUCCESSION
    ? `${who} has chaired the group for ${months} months, since ${startsOn}. The chair rotates every 12 to 18 months: time to begin the succession. ${HANDOVER}`
    : `The chair's term is overdue: ${who} has chaired the group for ${months} months, since ${startsOn}. ${HANDOVER}`;
}

const chairAlert = (kind: typeof CHAIR_SUCCESSION | typeof CHAIR_OVERDUE): JobHandler => ({
  kind,
  phase: "reminder",
  summaryFor: "secretariat",
  run: async (tx, job, now) => {
    const found = await currentTermOf(tx, job);
    if (!found) return;
    await tx.outbox.enqueue(
      {
        groupId: job.groupId,
        idempotencyKey: `chair:term:${found.term.id}:${kind}:job:${job.id}`,
        audience: { kind: "channel", purpose: "secretariat" },
        text: alertText(kind, found.who, found.term.startsOn, job.payload["months"]),
        data: { id: found.term.id, event: kind, months: job.payload["months"] ?? null },
      },
      now,
    );
  },
  summarize: async (tx, job) => {
    const found = await currentTermOf(tx, job);
    return found ? alertText(kind, found.who, found.term.startsOn, job.payload["months"]) : null;
  },
});

export const chairJobHandlers: JobHandler[] = [chairAlert(CHAIR_SUCCESSION), chairAlert(CHAIR_OVERDUE)];
