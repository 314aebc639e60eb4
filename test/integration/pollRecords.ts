// What a poll left in the database, read back through the test group's read-only connection.
// Audit and outbox rows are those of test/support/governance.ts, without the audit subject (always this
// poll) and the outbox row id, so that a test can compare them whole.
import { auditRows, outboxRows, type AuditRow, type OutboxRow } from "../support/governance.ts";
import type { TestGroup } from "../support/group.ts";

// concurrency.test.ts takes these from here; everything else takes them from test/support/time.ts.
export { DAY, later } from "../support/time.ts";

/** Every test here builds a group on a real file; on a loaded machine that alone can take tens of seconds. */
export const SLOW_MACHINE_MS = 120_000;

export interface PollRow {
  status: string;
  outcome: string | null;
  closesAt: Date;
  closedAt: Date | null;
}

export interface DecisionRow {
  number: string;
  year: number;
  seq: number;
  outcome: string;
  tally: Record<string, number>;
  objections: { agency: string; reason: string }[];
  decidedAt: Date;
}

export type PollAuditRow = Omit<AuditRow, "subject">;
export type PollOutboxRow = Omit<OutboxRow, "id">;

export interface PollJobRow {
  kind: string;
  dueAt: Date;
  status: string;
  doneBy: string | null;
}

export interface ChangeRow {
  id: number;
  agencyId: number;
  stance: string;
  reason: string | null;
  castById: number;
  platform: string;
}

const date = (value: string | number): Date => new Date(value);

export function pollRecords(g: TestGroup, pollId: number) {
  return {
    poll: (): PollRow => {
      const [row] = g.rows<{ status: string; outcome: string | null; closesAt: string; closedAt: string | null }>(
        `SELECT status, outcome, closesAt, closedAt FROM "Poll" WHERE id = ?`,
        pollId,
      );
      if (!row) throw new Error(`poll ${pollId} is not in the database`);
      return { ...row, closesAt: date(row.closesAt), closedAt: row.closedAt === null ? null : date(row.closedAt) };
    },
    decision: (): DecisionRow | null => {
      const [row] = g.rows<{ number: string; year: number; seq: number; outcome: string; tally: string; objections: string; decidedAt: string }>(
        `SELECT number, year, seq, outcome, tally, objections, decidedAt FROM "Decision" WHERE pollId = ?`,
        pollId,
      );
      return row ? { ...row, tally: JSON.parse(row.tally), objections: JSON.parse(row.objections), decidedAt: date(row.decidedAt) } : null;
    },
    audit: (): PollAuditRow[] => auditRows(g, { subject: `poll:${pollId}` }).map(({ subject: _subject, ...row }) => row),
    /** Every message about the poll: its card, tally edits, reminders, the closing. */
    outbox: (): PollOutboxRow[] => outboxRows(g).filter((r) => r.data["id"] === pollId).map(({ id: _id, ...row }) => row),
    jobs: (): PollJobRow[] =>
      g
        .rows<{ kind: string; dueAt: string; status: string; doneBy: string | null }>(
          `SELECT kind, dueAt, status, doneBy FROM "ScheduledJob" WHERE dedupeKey LIKE ? ORDER BY dueAt, id`,
          `poll:${pollId}:%`,
        )
        .map((r) => ({ ...r, dueAt: date(r.dueAt) })),
    electors: (): { agencyId: number; removedAt: string | null }[] =>
      g.rows(`SELECT agencyId, removedAt FROM "PollElector" WHERE pollId = ? ORDER BY agencyId`, pollId),
    positions: (): { agencyId: number; stance: string; reason: string | null; castById: number }[] =>
      g.rows(`SELECT agencyId, stance, reason, castById FROM "Position" WHERE pollId = ? ORDER BY agencyId`, pollId),
    history: (): ChangeRow[] =>
      g.rows(`SELECT id, agencyId, stance, reason, castById, platform FROM "PositionChange" WHERE pollId = ? ORDER BY id`, pollId),
  };
}

export function personId(g: TestGroup, handle: string): number {
  const [row] = g.rows<{ id: number }>(`SELECT id FROM "Person" WHERE groupId = ? AND handle = ?`, g.groupId, handle);
  if (!row) throw new Error(`nobody is called ${handle}`);
  return row.id;
}
