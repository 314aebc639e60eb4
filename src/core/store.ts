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
}

/**
 * Every read and write runs inside `transaction`: a state change, its audit row and its outbox rows
 * commit together or not at all.
 */
export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
