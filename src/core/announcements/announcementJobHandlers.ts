import type { JobHandler } from "../scheduler/jobHandler.ts";
import { ANNOUNCEMENT_POST } from "./announcementJobs.ts";
import { publishAnnouncement } from "./publishAnnouncement.ts";

export const announcementJobHandlers: JobHandler[] = [
  {
    kind: ANNOUNCEMENT_POST,
    phase: "announcement",
    run: async (tx, job, now) => {
      const id = Number(job.payload["announcementId"]);
      // Locked as a retraction or an edit locks it (loadChangeableAnnouncement), so that a retraction
      // at this very moment either comes first (and this posts nothing) or sees the post (and deletes it).
      await tx.announcements.lock(id);
      const announcement = await tx.announcements.byId(id);
      // Retracted before its time (or already posted): there is nothing left to post.
      if (!announcement || announcement.status !== "scheduled") return;
      await publishAnnouncement(tx, announcement, now, null);
    },
  },
];
