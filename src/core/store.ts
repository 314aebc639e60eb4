import type { AgencyRepository } from "./agencies/agency.ts";
import type { DecisionRepository } from "./decisions/decision.ts";
import type { Outbox, OutboxQueue } from "./outbox/message.ts";
import type { PersonRepository } from "./people/person.ts";
import type { PollRepository } from "./polls/poll.ts";
import type { JobRepository } from "./scheduler/job.ts";
import type { AuditLog } from "./shared/audit.ts";
import type { GroupRepository } from "./setup/group.ts";

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
}

/**
 * Every read and write runs inside `transaction`: a state change, its audit row and its outbox rows
 * commit together or not at all.
 */
export interface Store {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
