// The Store port on Prisma. Every use case runs in one interactive transaction; on SQLite the
// adapter serialises transactions on its single connection, and the first statement takes the
// write lock so that two processes on one file queue instead of failing on a stale snapshot.
//
// HOT PATH: the statements a vote runs (marked `sql`) skip Prisma and run prepared on the same
// connection, inside Prisma's transaction (see sqliteStatements.ts for why and what it measured).
// Their SQL is the common subset of SQLite and PostgreSQL (quoted identifiers, ON CONFLICT, RETURNING).
import type { Agency, AgencyRepository, AgencyStatus } from "../../core/agencies/agency.ts";
import type { Decision, DecisionRepository } from "../../core/decisions/decision.ts";
import { destinationKey, type Audience, type Delivery, type Destination, type Outbox, type OutboxAction, type OutboxQueue, type OutboxStatus, type QueuedMessage } from "../../core/outbox/message.ts";
import type { Identity, Person, PersonRepository, Platform, Role } from "../../core/people/person.ts";
import type { Outcome, Poll, PollKind, PollRepository, Position, Procedure, Stance } from "../../core/polls/poll.ts";
import type { JobRepository, ScheduledJob } from "../../core/scheduler/job.ts";
import type { AuditLog } from "../../core/shared/audit.ts";
import type { ChannelPurpose, Group, GroupRepository } from "../../core/setup/group.ts";
import type { Store, Tx } from "../../core/store.ts";
import type { MeetingRepository } from "../../core/meetings/meeting.ts";
import type { VenueProposalRepository } from "../../core/venues/venueProposal.ts";
import type { AdvisorNoticeRepository } from "../../core/advisors/advisorNotice.ts";
import type { JoinRequestRepository } from "../../core/membership/joinRequest.ts";
import type { ChairTermRepository } from "../../core/chair/chairTerm.ts";
import type { AnnouncementRepository } from "../../core/announcements/announcement.ts";
import type { SqlitePrisma } from "./sqlite.ts";
import type { SqliteStatements } from "./sqliteStatements.ts";
import { advisorNotices } from "./advisorNoticeRepository.ts";
import { meetings } from "./meetingRepository.ts";
import { venueProposals } from "./venueProposalRepository.ts";
import { joinRequests } from "./joinRequestRepository.ts";
import { chairTerms } from "./chairTermRepository.ts";
import { announcements } from "./announcementRepository.ts";

type Db = Parameters<Parameters<SqlitePrisma["$transaction"]>[0]>[0];
type Row<K extends keyof Db> = Db[K] extends { findFirstOrThrow(...args: never[]): Promise<infer R> } ? R : never;

const numbers = (csv: string): number[] =>
  csv
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n));
const json = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

const toGroup = (r: Row<"group">): Group => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  pollReminderHours: numbers(r.pollReminderHours),
  meetingReminderDays: numbers(r.meetingReminderDays),
  advisorNoticeDays: r.advisorNoticeDays,
  annualAlertMonths: numbers(r.annualAlertMonths),
  chairAlertMonths: numbers(r.chairAlertMonths),
  mandateAlertMonths: numbers(r.mandateAlertMonths),
  minutesReminderDays: r.minutesReminderDays,
  catchUpFoldHours: r.catchUpFoldHours,
  mandateEndsOn: r.mandateEndsOn,
});

const toAgency = (r: Row<"agency">): Agency => ({
  id: r.id,
  groupId: r.groupId,
  code: r.code,
  name: r.name,
  status: r.status as AgencyStatus,
  frameworkContributor: r.frameworkContributor,
  joinedAt: r.joinedAt,
  withdrawnAt: r.withdrawnAt,
});

const withRoles = { roles: { select: { role: true }, orderBy: { role: "asc" as const } } };
const toPerson = (r: Row<"person"> & { roles: { role: string }[] }): Person => ({
  id: r.id,
  groupId: r.groupId,
  handle: r.handle,
  agencyId: r.agencyId,
  isHead: r.isHead,
  roles: r.roles.map((g) => g.role as Role),
});

const toPoll = (r: Row<"poll">): Poll => ({
  id: r.id,
  groupId: r.groupId,
  title: r.title,
  text: r.text,
  kind: r.kind as PollKind,
  procedure: r.procedure as Procedure,
  quorumPercent: r.quorumPercent,
  subject: json<Record<string, unknown>>(r.subject),
  openedById: r.openedById,
  openedAt: r.openedAt,
  closesAt: r.closesAt,
  status: r.status as Poll["status"],
  outcome: r.outcome as Outcome | null,
  closedAt: r.closedAt,
});

const toPosition = (r: Row<"position">): Position => ({
  pollId: r.pollId,
  agencyId: r.agencyId,
  stance: r.stance as Stance,
  reason: r.reason,
  endorsed: r.endorsed,
  castById: r.castById,
  castAt: r.castAt,
});

const toDecision = (r: Row<"decision">): Decision => ({
  number: r.number,
  year: r.year,
  seq: r.seq,
  pollId: r.pollId,
  groupId: r.groupId,
  outcome: r.outcome as Outcome,
  tally: JSON.parse(r.tally) as Decision["tally"],
  objections: JSON.parse(r.objections) as Decision["objections"],
  decidedAt: r.decidedAt,
});

const toJob = (r: Row<"scheduledJob">): ScheduledJob => ({
  id: r.id,
  groupId: r.groupId,
  kind: r.kind,
  dueAt: r.dueAt,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  status: r.status as ScheduledJob["status"],
  dedupeKey: r.dedupeKey,
});

function groups(db: Db): GroupRepository {
  return {
    byId: async (id) => {
      const r = await db.group.findUnique({ where: { id } });
      return r ? toGroup(r) : null;
    },
    first: async () => {
      const r = await db.group.findFirst({ orderBy: { id: "asc" } });
      return r ? toGroup(r) : null;
    },
    create: async (name, timezone) => toGroup(await db.group.create({ data: { name, timezone } })),
    update: async (id, patch) => {
      const { pollReminderHours, meetingReminderDays, annualAlertMonths, chairAlertMonths, mandateAlertMonths, ...rest } = patch;
      const csv = (list: number[] | undefined) => (list ? list.join(",") : undefined);
      await db.group.update({
        where: { id },
        data: {
          ...rest,
          pollReminderHours: csv(pollReminderHours),
          meetingReminderDays: csv(meetingReminderDays),
          annualAlertMonths: csv(annualAlertMonths),
          chairAlertMonths: csv(chairAlertMonths),
          mandateAlertMonths: csv(mandateAlertMonths),
        },
      });
    },
    bind: async (groupId, b) => {
      const key = { groupId, platform: b.platform, channelId: b.channelId, purpose: b.purpose };
      const existing = await db.channelBinding.findUnique({ where: { groupId_platform_channelId_purpose: key } });
      if (existing) return false;
      await db.channelBinding.create({ data: key });
      return true;
    },
    bindings: async (groupId) =>
      (await db.channelBinding.findMany({ where: { groupId }, orderBy: { id: "asc" } })).map((b) => ({
        platform: b.platform,
        channelId: b.channelId,
        purpose: b.purpose as ChannelPurpose,
      })),
  };
}

function agencies(db: Db, sql: SqliteStatements): AgencyRepository {
  return {
    byCode: async (groupId, code) => {
      const r = await db.agency.findUnique({ where: { groupId_code: { groupId, code } } });
      return r ? toAgency(r) : null;
    },
    byId: async (id) => {
      const [r] = sql.all<Row<"agency">>`SELECT * FROM "Agency" WHERE "id" = ${id}`;
      return r ? toAgency(r) : null;
    },
    list: async (groupId) => (await db.agency.findMany({ where: { groupId }, orderBy: { code: "asc" } })).map(toAgency),
    create: async (a) => toAgency(await db.agency.create({ data: a })),
    update: async (id, patch) => toAgency(await db.agency.update({ where: { id }, data: patch })),
  };
}

function people(db: Db, sql: SqliteStatements): PersonRepository {
  return {
    byId: async (id) => {
      const r = await db.person.findUnique({ where: { id }, include: withRoles });
      return r ? toPerson(r) : null;
    },
    byHandle: async (groupId, handle) => {
      const r = await db.person.findUnique({ where: { groupId_handle: { groupId, handle } }, include: withRoles });
      return r ? toPerson(r) : null;
    },
    // Every use case starts here, the vote path included (see HOT PATH above).
    byIdentity: async (groupId, identity) => {
      const [person] = sql.all<Row<"person">>`
        SELECT p."id", p."groupId", p."handle", p."agencyId", p."isHead", p."createdAt" FROM "Identity" i JOIN "Person" p ON p."id" = i."personId"
        WHERE i."groupId" = ${groupId} AND i."platform" = ${identity.platform} AND i."externalId" = ${identity.externalId}`;
      if (!person) return null;
      const roles = sql.all<{ role: string }>`SELECT "role" FROM "RoleGrant" WHERE "personId" = ${person.id} ORDER BY "role"`;
      return toPerson({ ...person, roles });
    },
    listByAgency: async (agencyId) =>
      (await db.person.findMany({ where: { agencyId }, include: withRoles, orderBy: [{ isHead: "desc" }, { handle: "asc" }] })).map(toPerson),
    listWithRole: async (groupId, role) =>
      (await db.person.findMany({ where: { groupId, roles: { some: { role } } }, include: withRoles, orderBy: { handle: "asc" } })).map(toPerson),
    list: async (groupId) => (await db.person.findMany({ where: { groupId }, include: withRoles, orderBy: { handle: "asc" } })).map(toPerson),
    create: async (groupId, handle, identity) =>
      toPerson(
        await db.person.create({
          data: { groupId, handle, identities: { create: { groupId, platform: identity.platform, externalId: identity.externalId } } },
          include: withRoles,
        }),
      ),
    setDelegation: async (personId, agencyId, isHead) => {
      await db.person.update({ where: { id: personId }, data: { agencyId, isHead } });
    },
    grantRole: async (personId, role) => {
      await db.roleGrant.upsert({ where: { personId_role: { personId, role } }, create: { personId, role }, update: {} });
    },
    revokeRole: async (personId, role) => {
      await db.roleGrant.deleteMany({ where: { personId, role } });
    },
    link: async (personId, identity) => {
      const person = await db.person.findUniqueOrThrow({ where: { id: personId } });
      await db.identity.create({ data: { groupId: person.groupId, personId, platform: identity.platform, externalId: identity.externalId } });
    },
    identities: async (personId) =>
      (await db.identity.findMany({ where: { personId }, orderBy: { id: "asc" } })).map(
        (i): Identity => ({ platform: i.platform as Platform, externalId: i.externalId }),
      ),
  };
}

function polls(db: Db, sql: SqliteStatements): PollRepository {
  return {
    create: async (poll, electorate) => {
      const r = await db.poll.create({
        data: {
          ...poll,
          subject: poll.subject ? JSON.stringify(poll.subject) : null,
          electors: { create: electorate.map((agencyId) => ({ agencyId })) },
        },
      });
      return toPoll(r);
    },
    byId: async (id) => {
      const [r] = sql.all<Row<"poll">>`SELECT * FROM "Poll" WHERE "id" = ${id}`;
      return r ? toPoll(r) : null;
    },
    list: async (groupId, status) =>
      (await db.poll.findMany({ where: { groupId, ...(status ? { status } : {}) }, orderBy: { id: "asc" } })).map(toPoll),
    openPollsWithElector: async (agencyId) =>
      (await db.poll.findMany({ where: { status: "open", electors: { some: { agencyId, removedAt: null } } }, orderBy: { id: "asc" } })).map(toPoll),
    update: async (id, patch) => {
      await db.poll.update({ where: { id }, data: patch });
    },
    electors: async (pollId) => sql.all<{ agencyId: number; removedAt: Date | null }>`SELECT "agencyId", "removedAt" FROM "PollElector" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`,
    removeElector: async (pollId, agencyId, at) => {
      await db.pollElector.update({ where: { pollId_agencyId: { pollId, agencyId } }, data: { removedAt: at } });
    },
    positions: async (pollId) => sql.all<Row<"position">>`SELECT * FROM "Position" WHERE "pollId" = ${pollId} ORDER BY "agencyId"`.map(toPosition),
    castPosition: async (p, platform) => {
      // The (poll, agency) primary key makes this an atomic insert-or-replace: one current position per agency.
      sql.run`
        INSERT INTO "Position" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "version")
        VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, 1)
        ON CONFLICT ("pollId", "agencyId") DO UPDATE SET "stance" = excluded."stance", "reason" = excluded."reason", "endorsed" = excluded."endorsed",
          "castById" = excluded."castById", "castAt" = excluded."castAt", "version" = "Position"."version" + 1`;
      const [change] = sql.all<{ id: number }>`
        INSERT INTO "PositionChange" ("pollId", "agencyId", "stance", "reason", "endorsed", "castById", "castAt", "platform")
        VALUES (${p.pollId}, ${p.agencyId}, ${p.stance}, ${p.reason}, ${p.endorsed}, ${p.castById}, ${p.castAt}, ${platform}) RETURNING "id"`;
      return Number(change!.id);
    },
    history: async (pollId) =>
      (await db.positionChange.findMany({ where: { pollId }, orderBy: { id: "asc" } })).map((h) => ({ ...toPosition({ ...h, version: 0 }), platform: h.platform })),
  };
}

function decisions(db: Db): DecisionRepository {
  return {
    nextSeq: async (groupId, year) => {
      const last = await db.decision.findFirst({ where: { groupId, year }, orderBy: { seq: "desc" }, select: { seq: true } });
      return (last?.seq ?? 0) + 1;
    },
    create: async (d) => {
      await db.decision.create({
        data: { ...d, tally: JSON.stringify(d.tally), objections: JSON.stringify(d.objections) },
      });
    },
    list: async (groupId, year) =>
      (await db.decision.findMany({ where: { groupId, ...(year ? { year } : {}) }, orderBy: [{ year: "asc" }, { seq: "asc" }] })).map(toDecision),
    byPoll: async (pollId) => {
      const r = await db.decision.findUnique({ where: { pollId } });
      return r ? toDecision(r) : null;
    },
  };
}

function audit(db: Db, sql: SqliteStatements): AuditLog {
  return {
    append: async (e) => {
      sql.run`INSERT INTO "AuditEntry" ("groupId", "at", "actorId", "action", "subject", "details")
        VALUES (${e.groupId}, ${e.at}, ${e.actorId}, ${e.action}, ${e.subject}, ${JSON.stringify(e.details ?? {})})`;
    },
    forSubject: async (groupId, subject) =>
      (await db.auditEntry.findMany({ where: { groupId, subject }, orderBy: { id: "asc" } })).map((e) => ({
        ...e,
        details: JSON.parse(e.details) as Record<string, unknown>,
      })),
  };
}

const toQueued = (r: Row<"outboxMessage">): QueuedMessage => ({
  id: r.id,
  groupId: r.groupId,
  idempotencyKey: r.idempotencyKey,
  audience: JSON.parse(r.audience) as Audience,
  text: r.text,
  data: JSON.parse(r.data) as Record<string, unknown>,
  action: r.action as OutboxAction,
  target: r.target,
  attempts: r.attempts,
  createdAt: r.createdAt,
});

const toDelivery = (r: Row<"outboxDelivery">): Delivery => ({
  destination: JSON.parse(r.detail) as Destination,
  status: r.status as Delivery["status"],
  ref: r.ref,
});

function outbox(db: Db, sql: SqliteStatements): Outbox & OutboxQueue {
  return {
    due: async (at, limit) =>
      (await db.outboxMessage.findMany({ where: { status: "pending", nextAttemptAt: { lte: at } }, orderBy: { id: "asc" }, take: limit })).map(toQueued),
    byKey: async (idempotencyKey) => {
      const r = await db.outboxMessage.findUnique({ where: { idempotencyKey } });
      return r ? { ...toQueued(r), status: r.status as OutboxStatus, nextAttemptAt: r.nextAttemptAt } : null;
    },
    postpone: async (id, until) => {
      await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: until } });
    },
    markSent: async (id, at) => {
      await db.outboxMessage.update({ where: { id }, data: { status: "sent", sentAt: at } });
    },
    markFailed: async (id, error, retryAt, park) => {
      await db.outboxMessage.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: error, nextAttemptAt: retryAt, ...(park ? { status: "parked" } : {}) } });
    },
    removalQueued: async (target) => (await db.outboxMessage.count({ where: { target, action: "delete" } })) > 0,
    changedLaterAt: async (target, afterId) =>
      (await db.outboxDelivery.findMany({ where: { status: "sent", message: { target, id: { gt: afterId } } } })).map((r) => toDelivery(r).destination),
    deliveries: async (idempotencyKey) =>
      (await db.outboxDelivery.findMany({ where: { message: { idempotencyKey } }, orderBy: { id: "asc" } })).map(toDelivery),
    startDelivery: async (messageId, destination) => {
      const key = { messageId_destination: { messageId, destination: destinationKey(destination) } };
      const row = await db.outboxDelivery.upsert({
        where: key,
        create: { messageId, destination: destinationKey(destination), detail: JSON.stringify(destination), status: "sending", attempts: 1 },
        update: { attempts: { increment: 1 } },
      });
      return toDelivery(row);
    },
    finishDelivery: async (messageId, destination, ref, at) => {
      await db.outboxDelivery.update({ where: { messageId_destination: { messageId, destination: destinationKey(destination) } }, data: { status: "sent", ref, sentAt: at } });
    },
    parked: async (groupId) =>
      (await db.outboxMessage.findMany({ where: { groupId, status: "parked" }, orderBy: { id: "asc" } })).map((r) => ({ ...toQueued(r), lastError: r.lastError })),
    retry: async (id, at) => (await db.outboxMessage.updateMany({ where: { id, status: "parked" }, data: { status: "pending", attempts: 0, nextAttemptAt: at } })).count === 1,
    enqueue: async (m, at) => {
      // A second enqueue of the same logical message is a no-op: retried work cannot send twice.
      sql.run`INSERT INTO "OutboxMessage" ("groupId", "idempotencyKey", "action", "target", "audience", "text", "data", "status", "attempts", "nextAttemptAt", "createdAt")
        VALUES (${m.groupId}, ${m.idempotencyKey}, ${m.action ?? "post"}, ${m.target ?? null}, ${JSON.stringify(m.audience satisfies Audience)}, ${m.text}, ${JSON.stringify(m.data ?? {})}, 'pending', 0, ${at}, ${at})
        ON CONFLICT ("idempotencyKey") DO NOTHING`;
    },
  };
}

function jobs(db: Db): JobRepository {
  return {
    schedule: async (job) => {
      const data = { groupId: job.groupId, kind: job.kind, dueAt: job.dueAt, payload: JSON.stringify(job.payload) };
      // A job cancelled and scheduled again (an extension undone, alerts moved to new offsets or a new
      // zone) comes back to life at its new time; a pending or done one stays as it is.
      await db.scheduledJob.upsert({
        where: { dedupeKey: job.dedupeKey },
        create: { ...data, dedupeKey: job.dedupeKey },
        update: {},
      });
      await db.scheduledJob.updateMany({ where: { dedupeKey: job.dedupeKey, status: "cancelled" }, data: { status: "pending", dueAt: data.dueAt, payload: data.payload } });
    },
    pendingKeys: async (prefix) =>
      (await db.scheduledJob.findMany({ where: { dedupeKey: { startsWith: prefix }, status: "pending" }, select: { dedupeKey: true } })).map((r) => r.dedupeKey),
    cancelPending: async (prefix) =>
      (await db.scheduledJob.updateMany({ where: { dedupeKey: { startsWith: prefix }, status: "pending" }, data: { status: "cancelled" } })).count,
    dueBefore: async (at, limit) =>
      (await db.scheduledJob.findMany({ where: { status: "pending", dueAt: { lte: at } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit })).map(toJob),
    nextDue: async () => {
      const r = await db.scheduledJob.findFirst({ where: { status: "pending" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
      return r ? toJob(r) : null;
    },
    claim: async (id, worker, at) =>
      (await db.scheduledJob.updateMany({ where: { id, status: "pending" }, data: { status: "done", doneAt: at, doneBy: worker } })).count === 1,
  };
}

/**
 * The repositories of one transaction, each made when a use case first uses it: a vote needs five of
 * the fourteen, and making all of them for every transaction was a third of a vote's garbage.
 */
class PrismaTx implements Tx {
  #groups?: GroupRepository;
  #agencies?: AgencyRepository;
  #people?: PersonRepository;
  #polls?: PollRepository;
  #decisions?: DecisionRepository;
  #audit?: AuditLog;
  #outbox?: Outbox & OutboxQueue;
  #jobs?: JobRepository;
  #meetings?: MeetingRepository;
  #venueProposals?: VenueProposalRepository;
  #advisorNotices?: AdvisorNoticeRepository;
  #joinRequests?: JoinRequestRepository;
  #chairTerms?: ChairTermRepository;
  #announcements?: AnnouncementRepository;

  constructor(
    private readonly db: Db,
    private readonly sql: SqliteStatements,
  ) {}

  get groups() {
    return (this.#groups ??= groups(this.db));
  }
  get agencies() {
    return (this.#agencies ??= agencies(this.db, this.sql));
  }
  get people() {
    return (this.#people ??= people(this.db, this.sql));
  }
  get polls() {
    return (this.#polls ??= polls(this.db, this.sql));
  }
  get decisions() {
    return (this.#decisions ??= decisions(this.db));
  }
  get audit() {
    return (this.#audit ??= audit(this.db, this.sql));
  }
  get outbox() {
    return (this.#outbox ??= outbox(this.db, this.sql));
  }
  get jobs() {
    return (this.#jobs ??= jobs(this.db));
  }
  get meetings() {
    return (this.#meetings ??= meetings(this.db));
  }
  get venueProposals() {
    return (this.#venueProposals ??= venueProposals(this.db));
  }
  get advisorNotices() {
    return (this.#advisorNotices ??= advisorNotices(this.db));
  }
  get joinRequests() {
    return (this.#joinRequests ??= joinRequests(this.db));
  }
  get chairTerms() {
    return (this.#chairTerms ??= chairTerms(this.db));
  }
  get announcements() {
    return (this.#announcements ??= announcements(this.db));
  }
}

/** The repositories that a use case sees inside one Prisma transaction. */
export function repositories(db: Db, sql: SqliteStatements): Tx {
  return new PrismaTx(db, sql);
}

/** Waiting for the single SQLite connection can take a while in a storm of votes; it must not fail. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

/**
 * `sql` must run on the connection that Prisma's transactions use (see openSqlite). `inTurn` lets each
 * transaction wait for the others on the same file in this process (see fileTurns.ts).
 */
export function prismaStore(prisma: SqlitePrisma, sql: SqliteStatements, inTurn: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): Store {
  return {
    transaction: (work) =>
      inTurn(() =>
        prisma.$transaction(async (db) => {
          sql.run`UPDATE "Group" SET "id" = "id" WHERE 1 = 0`;
          return work(repositories(db, sql));
        }, TRANSACTION_OPTIONS),
      ),
  };
}
