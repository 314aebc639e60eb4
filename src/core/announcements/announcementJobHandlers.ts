import type { JobHandler } from "../scheduler/jobHandler.ts";
import { ANNOUNCEMENT_POST } from "./announcementJobs.ts";
import { publishAnnouncement } from "./publishAnnouncement.ts";

export const announcementJobHandlers: JobHandler[] = [
  {
    kind: ANNOUNCEMENT_POST,
    phase: "announcement",
    run: async (tx, job, now) => {
      const announcement = await tx.announcements.byId(Number(job.payload["announcementId"]));
      // Retracted before its time (or already posted): there is nothing left to post.
      if (!announcement || announcement.status !== "scheduled") return;
      await publishAnnouncement(tx, announcement, now, null);
    },
  },
];
