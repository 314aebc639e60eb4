import type { Announcement } from "../../core/announcements/announcement.ts";
import { editAnnouncement } from "../../core/announcements/editAnnouncement.ts";
import { listAnnouncements } from "../../core/announcements/listAnnouncements.ts";
import { postAnnouncement } from "../../core/announcements/postAnnouncement.ts";
import { retractAnnouncement } from "../../core/announcements/retractAnnouncement.ts";
import { isCalendarDate } from "../../core/shared/calendarDate.ts";
import { localMoment } from "../../core/shared/localTime.ts";
import { timeMarker } from "../../core/shared/markup.ts";
import type { CommandContext, CommandHandlers } from "../context.ts";
import { refused, say, type Reply } from "../reply.ts";
import { isReply, whenOption } from "./when.ts";

/**
 * When to post. A bare date means the start of that working day, 09:00 in the group's zone (for a
 * deadline it means the end of the day, but nobody schedules an announcement for 23:59).
 */
function postingTime(ctx: CommandContext, text: string | undefined): Date | Reply | undefined {
  if (text === undefined) return undefined;
  if (isCalendarDate(text.trim())) return localMoment(text.trim(), ctx.group.timezone, {});
  return whenOption(ctx, "at", text);
}

const summary = (x: Announcement) => ({ id: x.id, status: x.status, postAt: x.postAt.toISOString(), text: x.text });

const excerpt = (text: string, max = 80): string => {
  const line = text.replace(/\s+/g, " ");
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
};

function state(x: Announcement): string {
  if (x.status === "scheduled") return `scheduled for ${timeMarker(x.postAt)}`;
  if (x.status === "retracted") return `retracted ${timeMarker(x.retractedAt ?? x.postAt)}`;
  return `posted ${timeMarker(x.postedAt ?? x.postAt)}${x.editedAt ? ", edited" : ""}`;
}

export const announcementHandlers: CommandHandlers<"announce" | "announcement"> = {
  announce: async (ctx, a) => {
    const at = postingTime(ctx, a.at);
    if (isReply(at)) return at;
    const r = await postAnnouncement(ctx.deps, ctx.caller, { text: a.text, at });
    if (!r.ok) return refused(r.refusal);
    const x = r.value;
    const when = x.status === "posted" ? "posted to the announcement channels" : `scheduled for ${timeMarker(x.postAt)}`;
    return say(`Announcement #${x.id} ${when}. Change it with /announcement edit id:${x.id} or take it back with /announcement retract id:${x.id}.`, summary(x));
  },
  "announcement list": async (ctx) => {
    const r = await listAnnouncements(ctx.deps, ctx.caller);
    if (!r.ok) return refused(r.refusal);
    if (r.value.length === 0) return say("No announcement yet. The Secretariat posts one with /announce.", { announcements: [] });
    return say(r.value.map((x) => `#${x.id} ${state(x)} — ${excerpt(x.text)}`).join("\n"), { announcements: r.value.map(summary) });
  },
  "announcement edit": async (ctx, a) => {
    const at = postingTime(ctx, a.at);
    if (isReply(at)) return at;
    const r = await editAnnouncement(ctx.deps, ctx.caller, { id: a.id, text: a.text, at });
    if (!r.ok) return refused(r.refusal);
    const x = r.value;
    const where = x.status === "posted" ? "It changes wherever it was posted." : `It will be posted ${timeMarker(x.postAt)}.`;
    return say(`Announcement #${x.id} edited. ${where}`, summary(x));
  },
  "announcement retract": async (ctx, a) => {
    const r = await retractAnnouncement(ctx.deps, ctx.caller, a.id);
    if (!r.ok) return refused(r.refusal);
    const { announcement: x, wasPosted } = r.value;
    return say(`Announcement #${x.id} retracted. ${wasPosted ? "It is removed wherever it was posted." : "It will not be posted."}`, summary(x));
  },
};
