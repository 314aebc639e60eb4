import { ANNOUNCEMENT_MAX } from "./announce.ts";
import { action, command, opt } from "./spec.ts";

const announcementId = () => opt.integer("Announcement number", { required: true });

export const announcement = command("announcement", "See, edit and retract announcements posted with /announce", {
  list: action("List the announcements: scheduled, posted and retracted"),
  edit: action("Change an announcement everywhere it was posted, or before it is", {
    id: announcementId(),
    text: opt.text("The new wording", { max: ANNOUNCEMENT_MAX }),
    at: opt.when("For one not posted yet: the new time (a date alone means 09:00 local)"),
  }),
  retract: action("Retract an announcement: removed everywhere it was posted, or cancelled", { id: announcementId() }, "id"),
});
