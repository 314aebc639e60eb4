import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { replaceMandateAlerts } from "../mandate/mandateAlerts.ts";
import type { Identity } from "../people/person.ts";
import { isCalendarDate, todayIn } from "../shared/calendarDate.ts";
import { isTimeZone } from "../shared/localTime.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { ChannelPurpose, Group } from "./group.ts";
import { rescheduleGroupAlerts } from "./rescheduleGroupAlerts.ts";

/** A new group, whose first operator (the person who set it up) starts with Secretariat rights. */
export async function createGroup(deps: Deps, name: string, timezone: string, operator: { handle: string; identity: Identity }): Promise<Group> {
  return deps.store.transaction(async (tx) => {
    const group = await tx.groups.create(name, timezone);
    const person = await tx.people.create(group.id, operator.handle, operator.identity);
    await tx.people.grantRole(person.id, "operator");
    await tx.people.grantRole(person.id, "secretariat");
    await tx.audit.append({ groupId: group.id, at: deps.clock.now(), actorId: person.id, action: "group.created", subject: `group:${group.id}`, details: { name, timezone } });
    return group;
  });
}

export async function bindChannel(deps: Deps, caller: Caller, channelId: string, purpose: ChannelPurpose): Promise<Result<{ created: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "setup channel");
    if (!actor.ok) return actor;
    const created = await tx.groups.bind(caller.groupId, { platform: caller.platform, channelId, purpose });
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "channel.bound", subject: `channel:${caller.platform}:${channelId}`, details: { purpose } });
    return ok({ created });
  });
}

export async function setTimezone(deps: Deps, caller: Caller, zone: string): Promise<Result<Group>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "setup timezone");
    if (!actor.ok) return actor;
    if (!isTimeZone(zone)) return refuse({ reason: "invalid_time_zone", zone });
    await tx.groups.update(caller.groupId, { timezone: zone });
    const group = (await tx.groups.byId(caller.groupId))!;
    // Meetings keep their own zone; the chair's and the mandate's alerts fall at 09:00 in the group's.
    await rescheduleGroupAlerts(tx, group, deps.clock.now(), { chair: true, mandate: true });
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "group.timezone", subject: `group:${caller.groupId}`, details: { zone } });
    return ok(group);
  });
}

export async function setMandate(deps: Deps, caller: Caller, endsOn: string): Promise<Result<Group>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "setup mandate");
    if (!actor.ok) return actor;
    const now = deps.clock.now();
    const before = (await tx.groups.byId(caller.groupId))!;
    if (!isCalendarDate(endsOn)) return refuse({ reason: "invalid_date", option: "ends", value: endsOn });
    // A mandate that has already ended cannot be set to end: its extension is decided before that day.
    if (endsOn < todayIn(now, before.timezone)) return refuse({ reason: "date_in_past", option: "ends" });
    // Replaces the alerts of the previous end date.
    const alerts = await replaceMandateAlerts(tx, before, endsOn, now);
    if (!alerts.ok) return alerts;
    await tx.groups.update(caller.groupId, { mandateEndsOn: endsOn });
    await tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action: "group.mandate", subject: `group:${caller.groupId}`, details: { endsOn, previous: before.mandateEndsOn } });
    await tx.outbox.enqueue(
      {
        groupId: caller.groupId,
        idempotencyKey: `group:${caller.groupId}:mandate:${endsOn}:${now.toISOString()}`,
        audience: { kind: "channel", purpose: "announcements" },
        text:
          `The group's mandate now runs to ${endsOn}, its last day${before.mandateEndsOn && before.mandateEndsOn !== endsOn ? ` (it was to end on ${before.mandateEndsOn})` : ""}. ` +
          "The Secretariat and the chair will be alerted before then, so that an extension can be decided by consensus.",
        data: { event: "group.mandate", endsOn },
      },
      now,
    );
    return ok((await tx.groups.byId(caller.groupId))!);
  });
}

export async function getGroup(deps: Deps, groupId: number): Promise<Group> {
  const group = await deps.store.transaction((tx) => tx.groups.byId(groupId));
  if (!group) throw new Error(`group ${groupId} is missing`);
  return group;
}
