// Readers and small real collaborators for any test on top of buildGroup (test/support/group.ts): rows as
// the database holds them, the assertion every refusal shares, a Sender that records what it is asked
// to do, and a command context to run catalogue lines through the real dispatcher.
import { expect } from "vitest";
import type { CommandContext } from "../../src/app/context.ts";
import { runLine } from "../../src/app/dispatch.ts";
import { runInWorkspace, WorkspaceGroups } from "../../src/app/workspaceGroups.ts";
import { parseCommand } from "../../commands/index.ts";
import type { Identity } from "../../src/core/people/person.ts";
import type { WorkspaceRef } from "../../src/core/setup/group.ts";
import type { Reply } from "../../src/app/reply.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import type { Destination, QueuedMessage, Sender } from "../../src/core/outbox/message.ts";
import { getGroup } from "../../src/core/setup/configureGroup.ts";
import { describeRefusal } from "../../src/core/shared/refusals.ts";
import type { Result } from "../../src/core/shared/result.ts";
import { shellUser, type TestGroup } from "./group.ts";

export interface OutboxRow {
  id: number;
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
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface AuditRow {
  action: string;
  subject: string;
  actorId: number | null;
  details: Record<string, unknown>;
}

export function outboxRows(g: TestGroup): OutboxRow[] {
  return g
    .rows<Omit<OutboxRow, "audience" | "data"> & { audience: string; data: string }>(`SELECT id, idempotencyKey, action, target, audience, text, data, status FROM OutboxMessage ORDER BY id`)
    .map((r) => ({ ...r, audience: JSON.parse(r.audience) as Record<string, unknown>, data: JSON.parse(r.data) as Record<string, unknown> }));
}

export function jobRows(g: TestGroup, kindPrefix = ""): JobRow[] {
  return g
    .rows<{ kind: string; dueAt: number | string; status: string; dedupeKey: string; payload: string }>(`SELECT kind, dueAt, status, dedupeKey, payload FROM ScheduledJob WHERE kind LIKE ? ORDER BY dueAt, id`, `${kindPrefix}%`)
    .map((r) => ({ ...r, dueAt: new Date(r.dueAt), payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** Every audit entry, or only those with that action, or only those about that subject (e.g. `meeting:3`). */
export function auditRows(g: TestGroup, filter: string | { action?: string; subject?: string } = {}): AuditRow[] {
  const { action, subject } = typeof filter === "string" ? { action: filter, subject: undefined } : filter;
  return g
    .rows<{ action: string; subject: string; actorId: number | null; details: string }>(`SELECT action, subject, actorId, details FROM AuditEntry ORDER BY id`)
    .filter((r) => (action === undefined || r.action === action) && (subject === undefined || r.subject === subject))
    .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/**
 * The attempt is refused for that reason and no row of any table changed: no audit, no outbox, no job.
 * Resolves to the refusal as the user would read it, for tests that check its wording.
 */
export async function expectRefusedWithoutWrites(g: TestGroup, attempt: () => Promise<Result<unknown>>, reason: string): Promise<string> {
  const before = g.snapshot();
  const result = await attempt();
  expect(result.ok ? "accepted" : result.refusal.reason).toBe(reason);
  expect(g.snapshot()).toEqual(before);
  return result.ok ? "" : describeRefusal(result.refusal);
}

/** A platform's sender that keeps what it was asked to post, edit and remove, and hands out refs. */
export class RecordingSender implements Sender {
  readonly calls: { op: "post" | "edit" | "remove"; key: string; text: string; where: string; ref: string; groupId: number }[] = [];
  #next = 1;
  constructor(readonly platform: string) {}

  async post(message: QueuedMessage, destination: Destination): Promise<string> {
    const ref = `${this.platform}-msg-${this.#next++}`;
    this.calls.push({ op: "post", key: message.idempotencyKey, text: message.text, where: where(destination), ref, groupId: message.groupId });
    return ref;
  }
  async edit(message: QueuedMessage, destination: Destination, ref: string): Promise<void> {
    this.calls.push({ op: "edit", key: message.idempotencyKey, text: message.text, where: where(destination), ref, groupId: message.groupId });
  }
  async remove(message: QueuedMessage, destination: Destination, ref: string): Promise<void> {
    this.calls.push({ op: "remove", key: message.idempotencyKey, text: message.text, where: where(destination), ref, groupId: message.groupId });
  }
}

const where = (d: Destination): string => (d.kind === "channel" ? `${d.platform}:#${d.channelId}` : `${d.platform}:@${d.handle}`);

/** Binds a channel on any platform, as an operator on that platform would with /setup channel. */
export async function bindAnnouncements(g: TestGroup, platform: string, channelId: string, purpose: "announcements" | "secretariat" = "announcements"): Promise<void> {
  await g.deps.store.transaction((tx) => tx.groups.bind(g.groupId, { platform, channelId, purpose }));
}

/** Runs one catalogue line as `caller` through the real parser, bindings and handlers (handles are shell users). */
export async function run(g: TestGroup, caller: Caller, line: string): Promise<Reply> {
  const ctx: CommandContext = {
    deps: g.deps,
    caller,
    group: await getGroup(g.deps, g.groupId),
    channelId: "test",
    resolveUser: (text) => {
      return shellUser(text.replace(/^@/, ""));
    },
  };
  return runLine(ctx, line);
}

/**
 * Runs a line as a chat platform would, from a Discord server or Slack workspace: in the group that
 * workspace belongs to, through the one resolution every adapter uses (src/app/workspaceGroups.ts).
 */
export async function runFrom(
  g: Pick<TestGroup, "deps">,
  workspace: WorkspaceRef | null,
  speaker: Identity,
  line: string,
  operators: readonly Identity[] = [],
  channelId = "test",
): Promise<Reply> {
  const parsed = parseCommand(line.replace(/^\//, ""));
  if (!parsed.ok) throw new Error(parsed.error);
  const groups = new WorkspaceGroups(g.deps, 0);
  return runInWorkspace(groups, { workspace, speaker, operators }, parsed.value, (group) => ({
    deps: g.deps,
    caller: { groupId: group.id, ...speaker },
    group,
    channelId,
    resolveUser: (text) => shellUser(text.replace(/^@/, "")),
  }));
}

/**
 * Gives a shell person an account on another platform, as if they had redeemed a link code there
 * (the link flow itself, which never links a shell account, is tested in test/integration/linking.test.ts).
 */
export async function attachAccount(g: TestGroup, handle: string, identity: { platform: "discord" | "slack"; externalId: string }): Promise<void> {
  await g.deps.store.transaction(async (tx) => {
    const person = await tx.people.byHandle(g.groupId, handle);
    if (!person) throw new Error(`no person ${handle}`);
    await tx.people.link(person.id, identity);
  });
}
