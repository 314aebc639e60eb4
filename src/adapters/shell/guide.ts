// What `/help` adds in the shell: the words that only the shell has, how WHEN is written, and what
// the label in front of each printed line means. `npm start -- --help` shows the flags.

export function shellGuide(atTerminal: boolean): string {
  return [
    "In this shell:",
    "  as HANDLE — speak as someone else from the next line on, such as as alice (the first speaker is operator)",
    "  :now — the current time, simulated when the shell was started with --clock ISO",
    "  :advance DURATION — with --clock, move the time forward (90m, 48h, 7d, 1d12h) and run what falls due on the way, in order",
    "  /group create name:\"…\" — a new group, which the shell then works in (the operator is its operator and Secretariat)",
    "  :groups — the groups in this database; :group ID — work in another group (its members only)",
    "  # … — a comment; blank lines are skipped too",
    "  WHEN (closes:, at:) — a date (2026-12-01: the end of that day in the group's time zone), a date-time",
    "    (2026-12-01T14:00, with an offset such as +02:00 or read in the group's time zone) or a duration from now (90m, 48h, 7d, 2w, 1d12h)",
    "Each line the bot prints starts with who sees it:",
    "  [only alice] — a reply that only alice sees",
    "  [#announcements], [#secretariat] — posted in that channel, for everyone in it",
    "  [dm bruno] — a direct message to bruno",
    "  (edited) or (retracted) after the label — a change to a message already posted",
    ...(atTerminal ? ["Tab completes commands, options and their values; Up and Down recall earlier lines; Ctrl+D or Ctrl+C on an empty line leaves."] : []),
  ].join("\n");
}
