import type { Tx } from "../store.ts";
import type { Poll } from "./poll.ts";

/** What an adopted poll changes, by kind. Kinds not listed here change nothing beyond the record. */
export async function applyAdoption(tx: Tx, poll: Poll, at: Date, actorId: number | null): Promise<void> {
  if (poll.kind === "membership") {
    const agencyId = Number(poll.subject?.["agencyId"]);
    const agency = Number.isInteger(agencyId) ? await tx.agencies.byId(agencyId) : null;
    if (!agency || agency.status === "participating") return;
    await tx.agencies.update(agency.id, { status: "participating", joinedAt: at });
    await tx.audit.append({
      groupId: poll.groupId,
      at,
      actorId,
      action: "agency.admitted",
      subject: `agency:${agency.code}`,
      details: { pollId: poll.id },
    });
  }
}
