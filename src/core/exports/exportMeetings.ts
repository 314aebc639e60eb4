import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { todayIn } from "../shared/calendarDate.ts";
import { ok, type Result } from "../shared/result.ts";
import { exportFile, type Column, type ExportFile, type ExportFormat } from "./exportFile.ts";

interface MeetingRecord {
  id: number;
  kind: string;
  title: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  status: string;
  event: string | null;
  city: string | null;
  country: string | null;
  venue: string | null;
  hosts: string[];
  heldAt: string | null;
  minutesIssuedAt: string | null;
}

const columns: Column<MeetingRecord>[] = [
  { header: "id", value: (m) => m.id },
  { header: "kind", value: (m) => m.kind },
  { header: "title", value: (m) => m.title },
  { header: "starts", value: (m) => m.startsOn },
  { header: "ends", value: (m) => m.endsOn },
  { header: "timezone", value: (m) => m.timezone },
  { header: "status", value: (m) => m.status },
  { header: "event", value: (m) => m.event },
  { header: "city", value: (m) => m.city },
  { header: "country", value: (m) => m.country },
  { header: "venue", value: (m) => m.venue },
  { header: "hosts", value: (m) => m.hosts.join(",") },
  { header: "held", value: (m) => m.heldAt },
  { header: "minutes issued", value: (m) => m.minutesIssuedAt },
];

/** Every meeting, earliest first, with its place, hosts and progress. */
export async function exportMeetings(deps: Deps, caller: Caller, format: ExportFormat): Promise<Result<ExportFile>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "export meetings");
    if (!asker.ok) return asker;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const codes = new Map((await tx.agencies.list(caller.groupId)).map((a) => [a.id, a.code]));
    const records = (await tx.meetings.list(caller.groupId)).map(
      (m): MeetingRecord => ({
        id: m.id,
        kind: m.kind,
        title: m.title,
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        timezone: m.timezone,
        status: m.status,
        event: m.event,
        city: m.city,
        country: m.country,
        venue: m.venue,
        hosts: m.hostAgencyIds.map((id) => codes.get(id) ?? `agency ${id}`),
        heldAt: m.heldAt?.toISOString() ?? null,
        minutesIssuedAt: m.minutesIssuedAt?.toISOString() ?? null,
      }),
    );
    return ok(exportFile(`meetings-${todayIn(deps.clock.now(), group.timezone)}`, format, columns, records, (r) => r));
  });
}
