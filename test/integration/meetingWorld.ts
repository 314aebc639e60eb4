// A small group on a real SQLite file for the meeting, venue and advisor tests: four participating
// agencies each with a head of delegation, an invited one, the operator (Secretariat) and a chair
// without an agency. Rows are read back with a separate read-only connection, as a reader would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Caller } from "../../src/core/access/actor.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Deps } from "../../src/core/deps.ts";
import { createMeeting, type CreateMeetingInput } from "../../src/core/meetings/createMeeting.ts";
import type { Meeting } from "../../src/core/meetings/meeting.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { ManualClock } from "../../src/core/shared/clock.ts";
import type { Result } from "../../src/core/shared/result.ts";
import { bindChannel, createGroup } from "../../src/core/setup/configureGroup.ts";
import { proposeVenue, type ProposeVenueInput } from "../../src/core/venues/proposeVenue.ts";
import { putVenueToConsensus } from "../../src/core/venues/putVenueToConsensus.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";

export const REPRESENTATIVES = { ESA: "bruno", CNES: "emile", JAXA: "chiyo", NASA: "alice" } as const;
export type Code = keyof typeof REPRESENTATIVES;

export interface OutboxRow {
  idempotencyKey: string;
  audience: Record<string, unknown>;
  text: string;
  data: Record<string, unknown>;
  action: string;
}

export interface JobRow {
  kind: string;
  dueAt: Date;
  status: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface MeetingWorld {
  dbPath: string;
  db: OpenedDatabase;
  clock: ManualClock;
  deps: Deps;
  groupId: number;
  operator: Caller;
  chair: Caller;
  rep(code: Code): Caller;
  as(handle: string): Caller;
  agencyId(code: string): number;
  outbox(): OutboxRow[];
  jobs(): JobRow[];
  audit(subject?: string): { action: string; subject: string; details: Record<string, unknown> }[];
  /** Rows in every table: a refusal must leave every count as it was. */
  counts(): Record<string, number>;
  /** Moves the clock and runs what fell due, as the runtime would. */
  advanceTo(at: Date | string): Promise<number>;
  cleanup(): Promise<void>;
}

export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.refusal.reason} ${JSON.stringify(result.refusal)}`);
  return result.value;
}

export async function meetingWorld(start = "2026-06-01T08:00:00Z", zone = "UTC"): Promise<MeetingWorld> {
  const dir = mkdtempSync(join(tmpdir(), "meetings-"));
  const dbPath = join(dir, "bot.db");
  const db = await openDatabase(dbPath);
  const clock = new ManualClock(new Date(start));
  const deps: Deps = { store: db.store, clock };
  const group = await createGroup(deps, "Coordination group", zone, { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
  const as = (handle: string): Caller => ({ groupId: group.id, platform: "shell", externalId: handle });
  const user = (handle: string) => ({ handle, identity: { platform: "shell" as const, externalId: handle } });
  const operator = as("operator");
  must(await bindChannel(deps, operator, "shell", "announcements"));
  must(await bindChannel(deps, operator, "shell", "secretariat"));
  for (const [code, handle] of Object.entries(REPRESENTATIVES)) {
    must(await addAgency(deps, operator, { code, name: `${code} agency` }));
    must(await addDelegate(deps, operator, { agency: code, user: user(handle), head: true }));
  }
  must(await addAgency(deps, operator, { code: "ISRO", name: "ISRO agency", status: "invited", frameworkContributor: true }));
  must(await grantRole(deps, operator, user("carla"), "chair"));

  const read = <T>(sql: string, ...params: unknown[]): T[] => {
    const reader = new Database(dbPath, { readonly: true });
    try {
      return reader.prepare(sql).all(...params) as T[];
    } finally {
      reader.close();
    }
  };
  const agencies = new Map(read<{ id: number; code: string }>(`SELECT id, code FROM "Agency"`).map((a) => [a.code, a.id]));

  return {
    dbPath,
    db,
    clock,
    deps,
    groupId: group.id,
    operator,
    chair: as("carla"),
    rep: (code) => as(REPRESENTATIVES[code]),
    as,
    agencyId: (code) => agencies.get(code) ?? -1,
    outbox: () =>
      read<{ idempotencyKey: string; audience: string; text: string; data: string; action: string }>(
        `SELECT idempotencyKey, audience, text, data, action FROM "OutboxMessage" ORDER BY id`,
      ).map((r) => ({ ...r, audience: JSON.parse(r.audience), data: JSON.parse(r.data) })),
    jobs: () =>
      read<{ kind: string; dueAt: number | string; status: string; dedupeKey: string; payload: string }>(
        `SELECT kind, dueAt, status, dedupeKey, payload FROM "ScheduledJob" ORDER BY dueAt, id`,
      ).map((r) => ({ ...r, dueAt: new Date(r.dueAt), payload: JSON.parse(r.payload) })),
    audit: (subject) =>
      read<{ action: string; subject: string; details: string }>(
        `SELECT action, subject, details FROM "AuditEntry" ${subject ? `WHERE subject = ?` : ""} ORDER BY id`,
        ...(subject ? [subject] : []),
      ).map((r) => ({ ...r, details: JSON.parse(r.details) })),
    counts: () => {
      const tables = read<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'`);
      return Object.fromEntries(tables.map((t) => [t.name, read<{ n: number }>(`SELECT count(*) AS n FROM "${t.name}"`)[0]!.n]));
    },
    advanceTo: async (at) => {
      const target = new Date(at);
      clock.set(target);
      return runDueJobs(deps, "test", target);
    },
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function newMeeting(w: MeetingWorld, input: Partial<CreateMeetingInput> = {}): Promise<Meeting> {
  return must(await createMeeting(w.deps, w.operator, { title: "Plenary", startsOn: "2026-10-12", endsOn: "2026-10-14", ...input }));
}

/** A venue proposed by ESA and CNES (bruno), put to consensus by the Secretariat, and adopted by every agency. */
export async function agreeVenue(w: MeetingWorld, meetingId: number, proposal: Partial<ProposeVenueInput> = {}): Promise<{ proposalId: number; pollId: number }> {
  const proposed = must(
    await proposeVenue(w.deps, w.rep("ESA"), { meetingId, hosts: ["ESA", "CNES"], city: "Noordwijk", country: "Netherlands", venue: "ESTEC", costsAccepted: true, ...proposal }),
  );
  const { poll } = must(await putVenueToConsensus(w.deps, w.operator, { proposalId: proposed.proposal.id, closesAt: new Date(w.clock.now().getTime() + 7 * 86_400_000) }));
  for (const code of Object.keys(REPRESENTATIVES) as Code[]) must(await castPosition(w.deps, w.rep(code), { pollId: poll.id, stance: "concur" }));
  return { proposalId: proposed.proposal.id, pollId: poll.id };
}
