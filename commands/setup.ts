import { CHANNEL_PURPOSES } from "../src/core/setup/group.ts";
import { action, command, opt } from "./spec.ts";

export const setup = command("setup", "Configure the group and bind channels (operator or Secretariat)", {
  channel: action("Bind this channel to a purpose", { purpose: opt.choice(CHANNEL_PURPOSES, "announcements or secretariat", { required: true }) }, "purpose"),
  timezone: action("Set the group's time zone", { zone: opt.timezone("IANA time zone, such as Europe/Paris", { required: true }) }, "zone"),
  mandate: action("Set the date the group's mandate ends", { ends: opt.date("Last day of the mandate", { required: true }) }, "ends"),
});
