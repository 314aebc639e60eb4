// The scheduler tests' group, built with buildGroup (test/support/group.ts): one head per agency whose
// handle is the agency code in lower case (nasa for NASA), and the announcements channel bound so that
// reminders and catch-up summaries have somewhere to go.
import { buildGroup, type TestGroup } from "../support/group.ts";

export type SchedulerWorld = TestGroup;

export function schedulerWorld(codes: string[], start = new Date("2026-06-01T09:00:00Z")): Promise<SchedulerWorld> {
  return buildGroup({ agencies: codes, representativeHandle: (code) => code.toLowerCase(), channels: ["announcements"], start });
}
