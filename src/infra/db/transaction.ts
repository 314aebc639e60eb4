// The repositories of one transaction. Each is written once, against Prisma's ORM, and runs on any
// database Prisma does (repositories/*); a database's layer (sqlite/layer.ts) may replace some of
// their methods with faster ones of its own, and nothing else.
import type { Tx } from "../../core/store.ts";
import type { Db } from "./db.ts";
import { advisorNotices } from "./repositories/advisorNoticeRepository.ts";
import { agencies } from "./repositories/agencyRepository.ts";
import { announcements } from "./repositories/announcementRepository.ts";
import { deliveries } from "./repositories/deliveredRequestRepository.ts";
import { audit } from "./repositories/auditRepository.ts";
import { calendarFeeds } from "./repositories/calendarFeedRepository.ts";
import { chairTerms } from "./repositories/chairTermRepository.ts";
import { decisions } from "./repositories/decisionRepository.ts";
import { groups } from "./repositories/groupRepository.ts";
import { heldRequests } from "./repositories/heldRequestRepository.ts";
import { installations } from "./repositories/installationRepository.ts";
import { jobs } from "./repositories/jobRepository.ts";
import { joinRequests } from "./repositories/joinRequestRepository.ts";
import { meetings } from "./repositories/meetingRepository.ts";
import { messageFaces } from "./repositories/messageFaceRepository.ts";
import { outbox } from "./repositories/outboxRepository.ts";
import { people } from "./repositories/personRepository.ts";
import { polls } from "./repositories/pollRepository.ts";
import { venueProposals } from "./repositories/venueProposalRepository.ts";

/** The portable repositories: a new repository is added to `Tx`, here, and as a getter below. */
const PORTABLE: { [K in keyof Tx]: (db: Db) => Tx[K] } = {
  groups,
  agencies,
  people,
  polls,
  decisions,
  audit,
  outbox,
  jobs,
  meetings,
  venueProposals,
  advisorNotices,
  joinRequests,
  chairTerms,
  announcements,
  deliveries,
  calendarFeeds,
  installations,
  messageFaces,
  heldRequests,
};

/** Methods a layer puts in place of the portable ones: it gets the portable repository to keep the rest. */
export type RepositoryOverrides = { [K in keyof Tx]?: (db: Db, portable: Tx[K]) => Tx[K] };

/** What one database adds to the portable repositories. */
export interface StoreLayer {
  /** Runs first in every transaction, in it (SQLite: take the write lock, see sqlite/layer.ts). */
  begin(db: Db): Promise<unknown> | void;
  repositories: RepositoryOverrides;
}

/** No additions: the portable repositories as they are. */
export const PORTABLE_LAYER: StoreLayer = { begin: () => undefined, repositories: {} };

/**
 * The repositories of one transaction, each made when a use case first uses it: a vote needs five of
 * the fourteen, and making all of them for every transaction was a third of a vote's garbage.
 */
class LayeredTx implements Tx {
  #groups?: Tx["groups"];
  #agencies?: Tx["agencies"];
  #people?: Tx["people"];
  #polls?: Tx["polls"];
  #decisions?: Tx["decisions"];
  #audit?: Tx["audit"];
  #outbox?: Tx["outbox"];
  #jobs?: Tx["jobs"];
  #meetings?: Tx["meetings"];
  #venueProposals?: Tx["venueProposals"];
  #advisorNotices?: Tx["advisorNotices"];
  #joinRequests?: Tx["joinRequests"];
  #chairTerms?: Tx["chairTerms"];
  #announcements?: Tx["announcements"];
  #deliveries?: Tx["deliveries"];
  #calendarFeeds?: Tx["calendarFeeds"];
  #installations?: Tx["installations"];
  #messageFaces?: Tx["messageFaces"];
  #heldRequests?: Tx["heldRequests"];

  constructor(
    private readonly db: Db,
    private readonly overrides: RepositoryOverrides,
  ) {}

  #make<K extends keyof Tx>(name: K): Tx[K] {
    const portable = PORTABLE[name](this.db);
    const override = this.overrides[name];
    return override ? override(this.db, portable) : portable;
  }

  get groups() {
    return (this.#groups ??= this.#make("groups"));
  }
  get agencies() {
    return (this.#agencies ??= this.#make("agencies"));
  }
  get people() {
    return (this.#people ??= this.#make("people"));
  }
  get polls() {
    return (this.#polls ??= this.#make("polls"));
  }
  get decisions() {
    return (this.#decisions ??= this.#make("decisions"));
  }
  get audit() {
    return (this.#audit ??= this.#make("audit"));
  }
  get outbox() {
    return (this.#outbox ??= this.#make("outbox"));
  }
  get jobs() {
    return (this.#jobs ??= this.#make("jobs"));
  }
  get meetings() {
    return (this.#meetings ??= this.#make("meetings"));
  }
  get venueProposals() {
    return (this.#venueProposals ??= this.#make("venueProposals"));
  }
  get advisorNotices() {
    return (this.#advisorNotices ??= this.#make("advisorNotices"));
  }
  get joinRequests() {
    return (this.#joinRequests ??= this.#make("joinRequests"));
  }
  get chairTerms() {
    return (this.#chairTerms ??= this.#make("chairTerms"));
  }
  get announcements() {
    return (this.#announcements ??= this.#make("announcements"));
  }
  get deliveries() {
    return (this.#deliveries ??= this.#make("deliveries"));
  }
  get calendarFeeds() {
    return (this.#calendarFeeds ??= this.#make("calendarFeeds"));
  }
  get installations() {
    return (this.#installations ??= this.#make("installations"));
  }
  get messageFaces() {
    return (this.#messageFaces ??= this.#make("messageFaces"));
  }
  get heldRequests() {
    return (this.#heldRequests ??= this.#make("heldRequests"));
  }
}

/** The repositories that a use case sees inside one Prisma transaction. */
export function repositories(db: Db, layer: StoreLayer = PORTABLE_LAYER): Tx {
  return new LayeredTx(db, layer.repositories);
}
