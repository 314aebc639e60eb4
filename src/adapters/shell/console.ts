// Where the shell reads lines and prints them. Piped, it reads stdin line by line and prints plain
// lines, exactly as scripts expect. At a terminal, node:readline gives line editing, history and Tab
// completion, and a message printed while someone is typing (a reminder, a closing) appears above the
// prompt, which is drawn again with the text typed so far.
import { readFileSync, writeFileSync } from "node:fs";
import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from "node:readline";
import { completeLine } from "./completion.ts";
import { plainStyle, type Style } from "./style.ts";

export interface ShellConsole {
  /**
   * Starts reading. Called once the shell is ready for its first line: readline reads as soon as it
   * exists, and lines read before anyone listens would be lost.
   */
  lines(): AsyncIterableIterator<string>;
  /** One bot line (it may hold newlines). */
  print(text: string): void;
  /** A note about the shell itself (the database in use, a warning): never mixed into piped output. */
  notice(text: string): void;
  /** Shows the prompt and waits for the next line; piped input has none. */
  prompt(text: string): void;
  style: Style;
  /** True when a person is typing, so that the clock may tick in real time. */
  interactive: boolean;
  close(): void;
}

export interface ConsoleStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  errors: NodeJS.WritableStream;
}

/** Lines from a script or a pipe: no prompt redraws, no escape codes, notes on stderr. */
export function pipedConsole(streams: ConsoleStreams, options: { prompt?: boolean } = {}): ShellConsole {
  let rl: Interface | null = null;
  return {
    lines: () => {
      rl = createInterface({ input: streams.input, terminal: false, crlfDelay: Infinity });
      return rl[Symbol.asyncIterator]();
    },
    print: (text) => void streams.output.write(text + "\n"),
    notice: (text) => void streams.errors.write(text + "\n"),
    // Typing at a terminal whose output goes to a file or a pipe: the prompt still says who speaks.
    prompt: (text) => void (options.prompt ? streams.output.write(text) : undefined),
    style: plainStyle,
    interactive: Boolean(options.prompt),
    close: () => rl?.close(),
  };
}

/** A person at a terminal: readline with history and completion; output kept clear of the typed line. */
const HISTORY_SIZE = 500;

/** The lines of earlier sessions, newest first as readline wants them; none if the file cannot be read. */
function readHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/**
 * A person at a terminal: readline with history (kept in `historyFile` across sessions, when given)
 * and completion; output kept clear of the typed line.
 */
export function terminalConsole(streams: ConsoleStreams, style: Style, historyFile?: string): ShellConsole {
  const out = streams.output;
  let rl: Interface | null = null;
  const start = (): Interface => {
    const made = createInterface({
      input: streams.input,
      output: out,
      terminal: true,
      completer: completeLine,
      history: readHistory(historyFile),
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      tabSize: 2,
    });
    made.on("history", (lines: string[]) => {
      if (!historyFile) return;
      try {
        writeFileSync(historyFile, [...lines].reverse().join("\n") + "\n", { mode: 0o600 });
      } catch {
        // A history that cannot be kept is no reason to stop the shell.
      }
    });
    made.on("line", () => (waiting = false));
    // Ctrl+C clears a half-typed line as in a shell; on an empty line it leaves, as Ctrl+D does.
    made.on("SIGINT", () => {
      if (made.line.length === 0) return made.close();
      made.write(null, { ctrl: true, name: "e" });
      made.write(null, { ctrl: true, name: "u" });
    });
    return made;
  };
  /** The prompt is on screen and waits for a line; anything printed now goes above it. */
  let waiting = false;

  const print = (text: string) => {
    if (!rl || !waiting) return void out.write(text + "\n");
    // Back to where the prompt starts (the typed text may wrap over several rows), clear it, print,
    // then draw the prompt and the typed text again with the cursor where it was. readline redraws
    // from `rows` lines up, so as many blank lines go first: they are cleared by the redraw.
    const { rows } = rl.getCursorPos();
    moveCursor(out, 0, -rows);
    cursorTo(out, 0);
    clearScreenDown(out);
    out.write(text + "\n" + "\n".repeat(rows));
    rl.prompt(true);
  };
  return {
    lines: () => {
      rl = start();
      return rl[Symbol.asyncIterator]();
    },
    print,
    notice: print,
    prompt: (text) => {
      if (!rl) return;
      rl.setPrompt(style.prompt(text));
      waiting = true;
      rl.prompt(true);
    },
    style,
    interactive: true,
    close: () => rl?.close(),
  };
}
