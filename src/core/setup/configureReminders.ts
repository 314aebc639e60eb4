import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { pollJobPrefix, schedulePollJobs } from "../polls/pollJobs.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Group } from "./group.ts";
import { rescheduleGroupAlerts } from "./rescheduleGroupAlerts.ts";
import { settingOutOfBounds } from "./settingBounds.ts";

export type ReminderSettings = Partial<
  Pick<Group, "pollReminderHours" | "meetingReminderDays" | "annualAlertMonths" | "chairAlertMonths" | "mandateAlertMonths" | "minutesReminderDays" | "catchUpFoldHours" | "advisorNoticeDays">
>;

/**
 * Each group tunes when it is reminded. What is already planned takes the new offsets at once: open
 * polls, the current chair's term, the mandate, scheduled meetings, minutes not yet chased and the
 * annual alerts (their pending jobs move, those already run stay done, offsets already past are skipped).
 */
export async function configureReminders(deps: Deps, caller: Caller, settings: ReminderSettings): Promise<Result<Group>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "setup reminders");
    if (!actor.ok) return actor;
    const outside = settingOutOfBounds(settings);
    if (outside) return refuse({ reason: "setting_out_of_range", option: outside.option, value: outside.value, min: outside.min, max: outside.max, unit: outside.unit, meaning: outside.meaning });
    const now = deps.clock.now();
    const changes = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) return ok((await tx.groups.byId(caller.groupId))!);
    await tx.groups.update(caller.groupId, changes);
    const group = (await tx.groups.byId(caller.groupId))!;
    if (settings.pollReminderHours) {
      for (const poll of await tx.polls.list(caller.groupId, "open")) {
        await tx.jobs.cancelPending(`${pollJobPrefix(poll.id)}remind:`);
        await schedulePollJobs(tx, poll, group, now);
      }
    }
    await rescheduleGroupAlerts(tx, group, now, {
      chair: settings.chairAlertMonths !== undefined,
      mandate: settings.mandateAlertMonths !== undefined,
      meetingReminders: settings.meetingReminderDays !== undefined,
      minutes: settings.minutesReminderDays !== undefined,
      annual: settings.annualAlertMonths !== undefined,
    });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "group.reminders", subject: `group:${caller.groupId}`, details: changes });
    return ok(group);
  });
}
