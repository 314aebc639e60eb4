// What a mandate alert does when it falls due: if the mandate still ends on the date it was scheduled
// for, the Secretariat's channel (where the Secretariat and the chair work) is told to prepare an extension.
import type { JobHandler } from "../scheduler/jobHandler.ts";
import type { ScheduledJob } from "../scheduler/job.ts";
import type { Tx } from "../store.ts";
import { MANDATE_ALERT } from "./mandateAlerts.ts";

async function stillEnding(tx: Tx, job: ScheduledJob): Promise<string | null> {
  const group = await tx.groups.byId(job.groupId);
  const endsOn = job.payload["endsOn"];
  return group && typeof endsOn === "string" && group.mandateEndsOn === endsOn ? endsOn : null;
}

const alertText = (endsOn: string, months: unknown): string =>
  `The group's mandate ends on ${endsOn}, in ${months} months. For the Secretariat and the chair: an extension is decided by consensus of the participating agencies; ` +
  `put it to them with /poll open title:"Extend the mandate" closes:WHEN, and once adopted record the new end with /setup mandate ends:DATE.`;

export const mandateJobHandlers: JobHandler[] = [
  {
    kind: MANDATE_ALERT,
    phase: "reminder",
    summaryFor: "secretariat",
    run: async (tx, job, now) => {
      const endsOn = await stillEnding(tx, job);
      if (!endsOn) return;
      await tx.outbox.enqueue(
        {
          groupId: job.groupId,
          idempotencyKey: `mandate:${job.groupId}:alert:job:${job.id}`,
          audience: { kind: "channel", purpose: "secretariat" },
          text: alertText(endsOn, job.payload["months"]),
          data: { event: MANDATE_ALERT, endsOn, months: job.payload["months"] ?? null },
        },
        now,
      );
    },
    summarize: async (tx, job) => {
      const endsOn = await stillEnding(tx, job);
      return endsOn ? alertText(endsOn, job.payload["months"]) : null;
    },
  },
];
