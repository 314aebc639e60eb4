// The shell as a person meets it at a terminal: the real `npm start` process under a pseudo-terminal
// (tmux), keys sent, the screen read back. Piped use is in shell.test.ts and shellStart.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Terminal } from "../support/terminal.ts";

const dir = mkdtempSync(join(tmpdir(), "terminal-e2e-"));
const terminals: Terminal[] = [];
afterAll(() => {
  for (const t of terminals) t.close();
  rmSync(dir, { recursive: true, force: true });
});
/** Each terminal keeps its history in the test's folder, never in the home of whoever runs the tests. */
const open = (flags: string[], env: Record<string, string | undefined> = {}) => {
  const terminal = Terminal.start(flags, { env: { CONSENSUS_SHELL_HISTORY: join(dir, `${terminals.length}.history`), ...env } });
  terminals.push(terminal);
  return terminal;
};
/** The prompt with nothing typed (rows are read with trailing blanks trimmed). */
const PROMPT = /^operator>$/;
const ESC = "\u001b[";
// A start takes a few seconds, far more when the machine is busy.
const START_MS = 90_000;
const TEST_MS = 180_000;

describe.concurrent("the shell at a terminal", () => {
  it("names its database, colours the labels, completes commands, options and values, and recalls history, also in the next session", async () => {
    const db = join(dir, "keys.db");
    const history = join(dir, "keys.history");
    const t = open(["--empty", "--db", db], { CONSENSUS_SHELL_HISTORY: history });
    await t.waitFor((s) => PROMPT.test(t.lastRow()) && s.includes("empty group"), START_MS);
    expect(t.screen()).toContain(`Database: SQLite ${db}, new.`);
    // Colour on a terminal: the label is drawn in a colour, the words are the same.
    const labelRow = t.screen({ escapes: true }).split("\n").find((row) => row.includes("[only operator]"));
    expect(labelRow).toContain(ESC);

    t.type("/pol");
    t.press("Tab");
    await t.waitFor(() => t.lastRow() === "operator> /poll");
    t.type("li");
    t.press("Tab");
    await t.waitFor(() => t.lastRow() === "operator> /poll list");
    t.type("sta");
    t.press("Tab");
    await t.waitFor(() => t.lastRow() === "operator> /poll list status:");
    t.type("o");
    t.press("Tab");
    await t.waitFor(() => t.lastRow() === "operator> /poll list status:open");
    t.press("Enter");
    await t.waitFor(/\/poll list status:open\n\[operator\] No polls yet\.[^\n]*\noperator>$/);

    // Up brings the line back, to be edited and run again.
    t.press("Up");
    await t.waitFor(() => t.lastRow() === "operator> /poll list status:open");
    // The completed value ended with a space: five characters back to "status:".
    t.press("BSpace", "BSpace", "BSpace", "BSpace", "BSpace");
    t.type("closed");
    t.press("Enter");
    await t.waitFor(/\/poll list status:closed\n\[operator\] No polls yet\./);

    // Ctrl+D on an empty line leaves, with exit code 0.
    t.press("C-d");
    await t.waitFor(/\[exited 0\]/);

    // The next session on the same history file recalls the last session's lines, newest first.
    const next = open(["--db", db], { CONSENSUS_SHELL_HISTORY: history });
    await next.waitFor(() => PROMPT.test(next.lastRow()), START_MS);
    next.press("Up");
    await next.waitFor(() => next.lastRow() === "operator> /poll list status:closed");
    next.press("Up");
    await next.waitFor(() => next.lastRow() === "operator> /poll list status:open");
  }, TEST_MS);

  it("prints a message that falls due while someone types above the prompt, and keeps the typed text", async () => {
    const t = open(["--empty", "--db", join(dir, "redraw.db")]);
    await t.waitFor(() => PROMPT.test(t.lastRow()), START_MS);
    // The real clock ticks at a terminal: an announcement a few seconds from now arrives on its own.
    const at = new Date(Date.now() + 6_000).toISOString().replace(/\.\d+Z$/, "Z");
    t.type(`/announce text:"Coffee is served" at:${at}`);
    t.press("Enter");
    await t.waitFor(/Announcement #1 scheduled/);
    await t.waitFor(() => PROMPT.test(t.lastRow()));
    t.type("/poll show id");
    const screen = await t.waitFor(/\[#announcements\] Coffee is served/, 60_000);
    const rows = screen.split("\n");
    expect(rows.at(-1)).toBe("operator> /poll show id");
    expect(rows.at(-2)).toBe("[#announcements] Coffee is served");
    // What was typed is still the line being edited, not only drawn: finishing it runs it.
    t.type(":1");
    t.press("Enter");
    await t.waitFor(/operator> \/poll show id:1\n\[only operator\] There is no poll #1\./);
  }, TEST_MS);

  it("prints no colour with NO_COLOR, and /help explains the shell's words, WHEN and the labels", async () => {
    const t = open(["--empty", "--db", join(dir, "no-colour.db")], { NO_COLOR: "1" });
    await t.waitFor(() => PROMPT.test(t.lastRow()), START_MS);
    t.type("/help");
    t.press("Enter");
    const screen = await t.waitFor(/Ctrl\+D[^\n]*\n\s*operator>$/);
    expect(t.screen({ escapes: true })).not.toContain(ESC);
    for (const word of ["as HANDLE", ":now", ":advance DURATION", "WHEN", "[only alice]", "[#announcements]", "[dm bruno]", "Tab completes"]) {
      expect(screen).toContain(word);
    }
  }, TEST_MS);
});
