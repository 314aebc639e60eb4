// Every kind of scheduled job, by area. An area adds its handlers here.
import { meetingJobHandlers } from "../meetings/meetingJobHandlers.ts";
import { pollJobHandlers } from "../polls/pollJobHandlers.ts";
import { announcementJobHandlers } from "../announcements/announcementJobHandlers.ts";
import { chairJobHandlers } from "../chair/chairJobHandlers.ts";
import { mandateJobHandlers } from "../mandate/mandateJobHandlers.ts";
import type { JobHandler } from "./jobHandler.ts";

export const jobHandlers: readonly JobHandler[] = [...pollJobHandlers, ...meetingJobHandlers, ...chairJobHandlers, ...mandateJobHandlers, ...announcementJobHandlers];
