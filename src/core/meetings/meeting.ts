export const MEETING_KINDS = ["plenary", "working-group", "workshop"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** The life cycle: planning → venue agreed → scheduled → held → minutes issued; cancelled any time before held. */
export const MEETING_STATUSES = ["planning", "venue agreed", "scheduled", "held", "minutes issued", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A meeting that has not taken place yet: it still takes venue proposals and advisor notices, and can be cancelled. */
export const UPCOMING_STATUSES: readonly MeetingStatus[] = ["planning", "venue agreed", "scheduled"];
export const isUpcoming = (meeting: Pick<Meeting, "status">): boolean => UPCOMING_STATUSES.includes(meeting.status);

export interface Meeting {
  id: number;
  groupId: number;
  kind: MeetingKind;
  title: string;
  /** Calendar dates (YYYY-MM-DD) in the meeting's own time zone, first and last day. */
  startsOn: string;
  endsOn: string;
  timezone: string;
  status: MeetingStatus;
  /** An exploration event held alongside, if any. */
  event: string | null;
  city: string | null;
  country: string | null;
  venue: string | null;
  /** An online meeting's videoconference link: no venue is agreed for it; the Secretariat schedules it directly. */
  onlineUrl: string | null;
  agreedProposalId: number | null;
  hostAgencyIds: number[];
  heldAt: Date | null;
  minutes: string | null;
  minutesIssuedAt: Date | null;
  createdById: number;
  createdAt: Date;
  /** iCalendar SEQUENCE: raised by every change a calendar shows (see updateMeeting). */
  calendarSequence: number;
  /** iCalendar LAST-MODIFIED: when the calendar last changed; null until the first change (then createdAt). */
  calendarUpdatedAt: Date | null;
}

export type NewMeeting = Pick<Meeting, "groupId" | "kind" | "title" | "startsOn" | "endsOn" | "timezone" | "event" | "onlineUrl" | "createdById" | "createdAt">;

export type MeetingPatch = Partial<
  Pick<Meeting, "status" | "startsOn" | "endsOn" | "event" | "city" | "country" | "venue" | "agreedProposalId" | "heldAt" | "minutes" | "minutesIssuedAt">
> & {
  /** The change is one a calendar shows: the repository raises calendarSequence by one and sets calendarUpdatedAt. */
  calendarChangedAt?: Date;
};

export interface MeetingRepository {
  /**
   * Locks the meeting's row until the transaction ends, before a use case reads it to change it or its
   * venue proposals (schedule, hold, cancel, minutes, propose a venue, put one to consensus, confirm a
   * host): another transaction that locks it waits, and what this one reads afterwards includes every
   * change committed before. One that does not exist locks nothing.
   */
  lock(id: number): Promise<void>;
  create(meeting: NewMeeting): Promise<Meeting>;
  byId(id: number): Promise<Meeting | null>;
  /** The group's meetings, earliest first. */
  list(groupId: number): Promise<Meeting[]>;
  /** Use updateMeeting, which says when the change is one a calendar shows. */
  update(id: number, patch: MeetingPatch): Promise<void>;
  /** Replaces the host agencies (those of the agreed venue). */
  setHosts(meetingId: number, agencyIds: number[]): Promise<void>;
}
