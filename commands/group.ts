import { action, command, opt } from "./spec.ts";

export const group = command("group", "Create the group of this server or workspace, or join it to a group", {
  create: action(
    "Create a group for this Discord server or Slack workspace (in the shell: a new group to switch to)",
    { name: opt.text("The group's name", { required: true, max: 100 }), timezone: opt.timezone("IANA time zone, such as Europe/Paris (default UTC)") },
    "name",
  ),
  code: action("Give a one-time code that joins another server or workspace to this group"),
  join: action("Join this server or workspace to a group, with a code from /group code", { code: opt.text("The code /group code gave", { required: true, max: 20 }) }, "code"),
  show: action("Show the group of this server or workspace, and the workspaces in it"),
});
