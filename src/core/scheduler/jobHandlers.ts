// Every kind of scheduled job, by area. An area adds its handlers here.
import { pollJobHandlers } from "../polls/pollJobHandlers.ts";
import type { JobHandler } from "./jobHandler.ts";

export const jobHandlers: readonly JobHandler[] = [...pollJobHandlers];
