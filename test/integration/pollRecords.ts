// What a poll left in the database, read back through the test group's read-only connection,
// and the one assertion every refusal shares: it is refused, and the file is exactly as it was.
import { expect } from "vitest";
import type { Result } from "../../src/core/shared/result.ts";
import type { TestGroup } from "../support/group.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Every test here builds a group on a real file; on a loaded machine that alone can take tens of seconds. */
export const SLOW_MACHINE_MS = 120_000;
export const later = (from: Date, ms: number): Date => new Date(from.getTime() + ms);

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

export interface AuditRow {
  action: string;
  actorId: number | null;
  details: Record<string, unknown>;
}

export interface OutboxRow {
  idempotencyKey: string;
  action: string;
  target: string | null;
  audience: Record<string, unknown>;
  text: string;
  data: Record<string, unknown>;
  status: string;
}

export interface JobRow {
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
    audit: (): AuditRow[] =>
      g
        .rows<{ action: string; actorId: number | null; details: string }>(`SELECT action, actorId, details FROM "AuditEntry" WHERE subject = ? ORDER BY id`, `poll:${pollId}`)
        .map((r) => ({ ...r, details: JSON.parse(r.details) })),
    /** Every message about the poll: its card, tally edits, reminders, the closing. */
    outbox: (): OutboxRow[] =>
      g
        .rows<{ idempotencyKey: string; action: string; target: string | null; audience: string; text: string; data: string; status: string }>(
          `SELECT idempotencyKey, action, target, audience, text, data, status FROM "OutboxMessage" WHERE json_extract(data, '$.id') = ? ORDER BY id`,
          pollId,
        )
        .map((r) => ({ ...r, audience: JSON.parse(r.audience), data: JSON.parse(r.data) })),
    jobs: (): JobRow[] =>
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

/** The attempt is refused for that reason, and no table of the file changed: no audit, no outbox, no position, no poll. */
export async function expectRefusedWithoutWrites(g: TestGroup, attempt: () => Promise<Result<unknown>>, reason: string): Promise<void> {
  const before = g.snapshot();
  const result = await attempt();
  expect(result.ok ? "accepted" : result.refusal.reason).toBe(reason);
  expect(g.snapshot()).toEqual(before);
}
