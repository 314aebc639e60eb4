import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { todayIn } from "../shared/calendarDate.ts";
import { ok, type Result } from "../shared/result.ts";
import { exportFile, type Column, type ExportFile, type ExportFormat } from "./exportFile.ts";

interface AgencyRecord {
  code: string;
  name: string;
  status: string;
  frameworkContributor: boolean;
  joinedAt: string | null;
  withdrawnAt: string | null;
  representatives: { handle: string; head: boolean }[];
}

const columns: Column<AgencyRecord>[] = [
  { header: "code", value: (a) => a.code },
  { header: "name", value: (a) => a.name },
  { header: "status", value: (a) => a.status },
  { header: "framework contributor", value: (a) => a.frameworkContributor },
  { header: "joined", value: (a) => a.joinedAt },
  { header: "withdrawn", value: (a) => a.withdrawnAt },
  { header: "representatives", value: (a) => a.representatives.map((r) => `${r.handle}${r.head ? " (head)" : ""}`).join(", ") },
];

/** Every agency recorded, whatever its status, with its delegation. */
export async function exportAgencies(deps: Deps, caller: Caller, format: ExportFormat): Promise<Result<ExportFile>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "export agencies");
    if (!asker.ok) return asker;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const records: AgencyRecord[] = [];
    for (const a of await tx.agencies.list(caller.groupId)) {
      const delegates = await tx.people.listByAgency(a.id);
      records.push({
        code: a.code,
        name: a.name,
        status: a.status,
        frameworkContributor: a.frameworkContributor,
        joinedAt: a.joinedAt?.toISOString() ?? null,
        withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
        representatives: delegates.map((d) => ({ handle: d.handle, head: d.isHead })),
      });
    }
    return ok(exportFile(`agencies-${todayIn(deps.clock.now(), group.timezone)}`, format, columns, records, (r) => r));
  });
}
