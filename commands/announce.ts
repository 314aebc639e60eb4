import { action, command, opt } from "./spec.ts";

/** Announcement text fits one Discord message (2,000 characters) with room to spare. */
export const ANNOUNCEMENT_MAX = 1800;

export const announce = command("announce", "Post an announcement to every announcement channel, now or later", {
  "": action("Post an announcement now, or at a set time", {
    text: opt.text("What to announce", { required: true, max: ANNOUNCEMENT_MAX }),
    at: opt.when("When to post it: a date-time, a date (09:00 local) or a duration such as 2h; default now"),
  }),
});
