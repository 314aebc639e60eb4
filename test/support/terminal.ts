// Drives the real `npm start` shell under a pseudo-terminal, as a person at a keyboard would: tmux
// (3.3 here and in CI's image) runs it in a detached session of a fixed size, `send-keys` types and
// `capture-pane` reads the screen. Each terminal has its own tmux server (its own socket), so tests
// never see each other's sessions, and no TTY is needed to run them. Waits are on screen content.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, shellEnvironment } from "./shell.ts";

export interface TerminalOptions {
  /** Added to (or, when undefined, removed from) the shell's environment. */
  env?: Record<string, string | undefined>;
  width?: number;
  height?: number;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export class Terminal {
  private constructor(
    private readonly dir: string,
    private readonly socket: string,
  ) {}

  /** Starts `npm start --silent -- FLAGS` in a new terminal; when the shell ends, the pane says `[exited CODE]`. */
  static start(flags: string[], options: TerminalOptions = {}): Terminal {
    const dir = mkdtempSync(join(tmpdir(), "tty-"));
    const socket = join(dir, "tmux.sock");
    const env = shellEnvironment(process.env);
    delete env["NO_COLOR"];
    delete env["TMUX"];
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const command = `npm start --silent -- ${flags.map(quote).join(" ")}; echo "[exited $?]"; sleep 600`;
    execFileSync("tmux", ["-S", socket, "new-session", "-d", "-x", String(options.width ?? 100), "-y", String(options.height ?? 30), "-c", REPO_ROOT, command], { env });
    return new Terminal(dir, socket);
  }

  private tmux(...args: string[]): string {
    return execFileSync("tmux", ["-S", this.socket, ...args], { encoding: "utf8" });
  }

  /** Types text as it is, character by character. */
  type(text: string): void {
    this.tmux("send-keys", "-l", text);
  }

  /** Presses keys by tmux's names: Enter, Tab, Up, C-d, … */
  press(...keys: string[]): void {
    this.tmux("send-keys", ...keys);
  }

  /** The visible screen, one string per row, trailing blanks trimmed; with escapes, the colours too. */
  screen(options: { escapes?: boolean } = {}): string {
    // -J joins a row that wrapped with the next, so that a long line reads as one.
    return this.tmux("capture-pane", "-p", "-J", ...(options.escapes ? ["-e"] : []))
      .split("\n")
      .map((row) => row.trimEnd())
      .join("\n")
      .trimEnd();
  }

  /** The last row that is not blank: where the prompt and the typed text are. */
  lastRow(): string {
    return this.screen().split("\n").at(-1) ?? "";
  }

  /** Waits until the screen matches, and returns it; fails with the screen as it was after `timeoutMs`. */
  async waitFor(test: RegExp | ((screen: string) => boolean), timeoutMs = 60_000, options: { escapes?: boolean } = {}): Promise<string> {
    const matches = typeof test === "function" ? test : (s: string) => test.test(s);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(options);
      if (matches(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`The terminal did not show ${String(test)} within ${timeoutMs} ms. Screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    try {
      this.tmux("kill-server");
    } catch {
      // Already gone.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
