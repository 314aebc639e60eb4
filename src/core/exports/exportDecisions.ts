import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import type { DecisionTally } from "../decisions/decision.ts";
import { todayIn } from "../shared/calendarDate.ts";
import { ok, type Result } from "../shared/result.ts";
import { DateTime } from "luxon";
import { exportFile, type Column, type ExportFile, type ExportFormat } from "./exportFile.ts";

interface DecisionRecord {
  number: string;
  /** The day it was decided, in the group's zone. */
  date: string;
  decidedAt: string;
  pollId: number;
  title: string;
  kind: string;
  procedure: string;
  outcome: string;
  tally: DecisionTally;
  objections: { agency: string; reason: string }[];
  history: { at: string; agency: string; stance: string; reason: string | null; by: string; platform: string }[];
}

const columns: Column<DecisionRecord>[] = [
  { header: "number", value: (d) => d.number },
  { header: "date", value: (d) => d.date },
  { header: "poll", value: (d) => d.pollId },
  { header: "title", value: (d) => d.title },
  { header: "kind", value: (d) => d.kind },
  { header: "procedure", value: (d) => d.procedure },
  { header: "outcome", value: (d) => d.outcome },
  { header: "electorate", value: (d) => d.tally.electorate },
  { header: "responded", value: (d) => d.tally.responded },
  { header: "concur", value: (d) => d.tally.concur },
  { header: "abstain", value: (d) => d.tally.abstain },
  { header: "object", value: (d) => d.tally.object },
  { header: "quorum", value: (d) => d.tally.quorumNeeded },
  { header: "objections", value: (d) => d.objections.map((o) => `${o.agency}: ${o.reason}`).join("\n") },
  { header: "history", value: (d) => d.history.map((h) => `${h.at} ${h.agency} ${h.stance} by ${h.by} via ${h.platform}${h.reason ? `: ${h.reason}` : ""}`).join("\n") },
];

/** The decision register, oldest first, with each decision's tally, objections and full history of positions. */
export async function exportDecisions(deps: Deps, caller: Caller, format: ExportFormat, year?: number): Promise<Result<ExportFile>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "export decisions");
    if (!asker.ok) return asker;
    const group = await tx.groups.byId(caller.groupId);
    if (!group) throw new Error(`group ${caller.groupId} is missing`);
    const codes = new Map((await tx.agencies.list(caller.groupId)).map((a) => [a.id, a.code]));
    const handles = new Map((await tx.people.list(caller.groupId)).map((p) => [p.id, p.handle]));
    const records: DecisionRecord[] = [];
    for (const d of await tx.decisions.list(caller.groupId, year)) {
      const poll = await tx.polls.byId(d.pollId);
      const history = (await tx.polls.history(d.pollId)).map((h) => ({
        at: h.castAt.toISOString(),
        agency: codes.get(h.agencyId) ?? `agency ${h.agencyId}`,
        stance: h.stance,
        reason: h.reason,
        by: handles.get(h.castById) ?? `person ${h.castById}`,
        platform: h.platform,
      }));
      records.push({
        number: d.number,
        date: DateTime.fromJSDate(d.decidedAt, { zone: group.timezone }).toISODate()!,
        decidedAt: d.decidedAt.toISOString(),
        pollId: d.pollId,
        title: poll?.title ?? "",
        kind: poll?.kind ?? "general",
        procedure: poll?.procedure ?? "consensus",
        outcome: d.outcome,
        tally: d.tally,
        objections: d.objections,
        history,
      });
    }
    const name = `decisions${year ? `-${year}` : ""}-${todayIn(deps.clock.now(), group.timezone)}`;
    return ok(exportFile(name, format, columns, records, (r) => r));
  });
}
