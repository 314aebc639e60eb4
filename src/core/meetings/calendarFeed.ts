// A group's calendar feed: one secret address serving every meeting of the group as one .ics
// calendar, which delegates subscribe to once. Changes reach them through each event's SEQUENCE and
// LAST-MODIFIED (updateMeeting.ts). Only the SHA-256 of the secret is stored: that is enough to
// recognise it when it is presented, and a copy of the database does not give the address away. So
// the address is shown once, when it is made; the Secretariat rotates it to get a new one, which
// also revokes the old one.
import { createHash, randomBytes } from "node:crypto";
import { authorize } from "../access/permissions.ts";
import type { Caller } from "../access/actor.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { agencyCodes } from "./loadMeeting.ts";
import { meetingsIcs } from "./meetingCalendar.ts";

export interface CalendarFeed {
  groupId: number;
  tokenHash: string;
  createdById: number;
  createdAt: Date;
}

export interface CalendarFeedRepository {
  byGroup(groupId: number): Promise<CalendarFeed | null>;
  byTokenHash(tokenHash: string): Promise<CalendarFeed | null>;
  /** Puts this feed in place of the group's current one, if any. */
  replace(feed: CalendarFeed): Promise<void>;
  remove(groupId: number): Promise<boolean>;
}

/** 32 random bytes: guessing an address is hopeless, and it fits in a URL as 43 characters. */
const newToken = (): string => randomBytes(32).toString("base64url");
export const hashFeedToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");
/** What an address's secret looks like; anything else is not looked up at all. */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type FeedRequest = "show" | "rotate" | "revoke";

export type FeedAnswer =
  /** A new address: its secret, shown this once. */
  | { state: "issued"; token: string; replaced: boolean }
  /** An address exists; it cannot be shown again. */
  | { state: "exists"; since: Date }
  | { state: "revoked"; existed: boolean };

/** The Secretariat gets (the first time), rotates or revokes the group's calendar feed address. */
export async function manageCalendarFeed(deps: Deps, caller: Caller, request: FeedRequest): Promise<Result<FeedAnswer>> {
  return deps.store.transaction(async (tx) => {
    const actor = await authorize(tx, caller, "meeting feed");
    if (!actor.ok) return actor;
    const now = deps.clock.now();
    const current = await tx.calendarFeeds.byGroup(caller.groupId);
    const audit = (action: string) => tx.audit.append({ groupId: caller.groupId, at: now, actorId: actor.value.id, action, subject: `group:${caller.groupId}:calendar-feed`, details: {} });
    if (request === "revoke") {
      const existed = await tx.calendarFeeds.remove(caller.groupId);
      if (existed) await audit("calendar_feed.revoked");
      return ok({ state: "revoked", existed } as const);
    }
    if (current && request === "show") return ok({ state: "exists", since: current.createdAt } as const);
    const token = newToken();
    await tx.calendarFeeds.replace({ groupId: caller.groupId, tokenHash: hashFeedToken(token), createdById: actor.value.id, createdAt: now });
    await audit(current ? "calendar_feed.rotated" : "calendar_feed.issued");
    return ok({ state: "issued", token, replaced: current !== null } as const);
  });
}

/** The calendar served at a feed address, or null when the secret is not (or no longer) a feed's. */
export async function readCalendarFeed(deps: Deps, token: string): Promise<{ groupName: string; ics: string } | null> {
  if (!FEED_TOKEN.test(token)) return null;
  return deps.store.transaction(async (tx) => {
    const feed = await tx.calendarFeeds.byTokenHash(hashFeedToken(token));
    if (!feed) return null;
    const group = await tx.groups.byId(feed.groupId);
    const groupName = group?.name ?? "the group";
    const codeOf = await agencyCodes(tx, feed.groupId);
    const meetings = (await tx.meetings.list(feed.groupId)).map((meeting) => ({ meeting, hosts: meeting.hostAgencyIds.map(codeOf) }));
    return { groupName, ics: meetingsIcs(meetings, groupName, deps.clock.now()) };
  });
}
