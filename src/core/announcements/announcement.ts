export const ANNOUNCEMENT_STATUSES = ["scheduled", "posted", "retracted"] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

/** An announcement of the Secretariat: posted now or at a set time, and editable wherever it went. */
export interface Announcement {
  id: number;
  groupId: number;
  text: string;
  /** When it is (or was) to be posted. */
  postAt: Date;
  status: AnnouncementStatus;
  postedAt: Date | null;
  editedAt: Date | null;
  retractedAt: Date | null;
  createdById: number;
  createdAt: Date;
}

export type AnnouncementPatch = Partial<Pick<Announcement, "text" | "postAt" | "status" | "postedAt" | "editedAt" | "retractedAt">>;

export interface AnnouncementRepository {
  /**
   * Locks the announcement's row until the transaction ends, before a use case reads it to change it
   * (an edit, a retraction, the job that posts it): another transaction that locks it waits, and what
   * this one reads afterwards includes every change committed before. One that does not exist locks nothing.
   */
  lock(id: number): Promise<void>;
  create(announcement: Omit<Announcement, "id" | "postedAt" | "editedAt" | "retractedAt">): Promise<Announcement>;
  byId(id: number): Promise<Announcement | null>;
  /** The group's announcements, newest first. */
  list(groupId: number): Promise<Announcement[]>;
  update(id: number, patch: AnnouncementPatch): Promise<Announcement>;
}

/** The outbox key of an announcement's post: edits and retractions target it, wherever it went. */
export const announcementKey = (id: number): string => `announcement:${id}`;
