import type { AdvisorNoticeRepository } from "./advisors/advisorNotice.ts";
import type { AgencyRepository } from "./agencies/agency.ts";
import type { DecisionRepository } from "./decisions/decision.ts";
import type { Outbox, OutboxQueue } from "./outbox/message.ts";
import type { PersonRepository } from "./people/person.ts";
import type { PollRepository } from "./polls/poll.ts";
import type { JobRepository } from "./scheduler/job.ts";
import type { AuditLog } from "./shared/audit.ts";
import type { GroupRepository } from "./setup/group.ts";
import type { MeetingRepository } from "./meetings/meeting.ts";
import type { VenueProposalRepository } from "./venues/venueProposal.ts";
import type { JoinRequestRepository } from "./membership/joinRequest.ts";
import type { ChairTermRepository } from "./chair/chairTerm.ts";
import type { AnnouncementRepository } from "./announcements/announcement.ts";
import type { DeliveredRequestMemory } from "./access/replay.ts";
import type { CalendarFeedRepository } from "./meetings/calendarFeed.ts";
import type { InstallationRepository } from "./groups/installation.ts";
import type { MessageFaceRepository } from "./outbox/messageFace.ts";
import type { HeldRequestRepository } from "./access/heldRequest.ts";

/** The repositories a use case sees inside one transaction. */
export interface Tx {
  groups: GroupRepository;
  agencies: AgencyRepository;
  people: PersonRepository;
  polls: PollRepository;
  decisions: DecisionRepository;
  audit: AuditLog;
  outbox: Outbox & OutboxQueue;
  jobs: JobRepository;
  meetings: MeetingRepository;
  venueProposals: VenueProposalRepository;
  advisorNotices: AdvisorNoticeRepository;
  joinRequests: JoinRequestRepository;
  chairTerms: ChairTermRepository;
  announcements: AnnouncementRepository;
  deliveries: DeliveredRequestMemory;
  calendarFeeds: CalendarFeedRepository;
  installations: InstallationRepository;
  /** What each posted message shows now (the senders skip an edit that would show the same). */
  messageFaces: MessageFaceRepository;
  /** Requests acknowledged before their command was recorded, held until it has run. */
  heldRequests: HeldRequestRepository;
}

/**
 * Every read and write runs inside `transaction`. On every database it guarantees:
 * - **All or nothing.** A state change, its audit row and its outbox rows commit together; when `work`
 *   throws, nothing it wrote stays.
 * - **Fresh reads, not frozen ones.** A read sees this transaction's own writes and everything committed
 *   before the read (PostgreSQL's READ COMMITTED at the least). It does not promise that a row stays as
 *   it was read until the commit: two transactions may run at once. So what a use case reads in order
 *   to write, under contention, it locks first: `polls.lock(id)` before reading a poll it may change
 *   (a cast, a close, an extension, a withdrawal, a recount); other lockers then wait, and reads after
 *   the lock see what earlier holders committed. `jobs.claim` is the lock of a job, and it commits
 *   with the job's effects.
 * - **Unique keys, not earlier reads, keep rows unique**: one position per (poll, agency), one message per
 *   idempotency key, one job per dedupe key, decision numbers from a counter row (`decisions.takeSeq`).
 * - **Retried on conflict.** When the database reports a conflict with another transaction (a unique
 *   key taken meanwhile, a serialization failure, a deadlock, SQLite busy past its timeout), the whole
 *   transaction rolls back and `work` runs again from the start, a bounded number of times, after which
 *   the error is thrown. So `work` must do nothing outside `tx` that cannot be done twice: no platform
 *   calls (those go through the outbox), no changes to outside state that outlive a failed attempt.
 * - **Not nested.** Never start a transaction inside another's `work` (on SQLite it fails at once); pass `tx` down.
 * On SQLite each transaction takes the database's one write lock with its first statement, so
 * transactions run one at a time and `polls.lock` costs nothing; on PostgreSQL the locks above do it.
 */
export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
