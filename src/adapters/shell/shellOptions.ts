import { z } from "zod";
import { DEFAULT_DATABASE } from "../../infra/db/openDatabase.ts";

export interface ShellOptions {
  json: boolean;
  clock: Date | null;
  db: string;
  /** Where `db` came from, named when it cannot be opened: --db or DATABASE_URL. */
  dbSetting: "--db" | "DATABASE_URL";
  empty: boolean;
  /** --help: print SHELL_HELP and leave. */
  help: boolean;
}

export const SHELL_USAGE = "Usage: npm start -- [--json] [--clock ISO] [--db PATH] [--empty] [--help]";

export const SHELL_HELP = [
  "The consensus bot in a terminal, on the embedded database. Without platform credentials in the",
  "environment, npm start opens this shell; with them, it runs the bot on Discord and Slack.",
  "",
  SHELL_USAGE,
  "",
  "  --json         one JSON object per bot message: to, visibility, text, data",
  "  --clock ISO    a simulated clock from that instant (2026-06-01T09:00:00Z); :advance moves it",
  `  --db PATH      the SQLite file (default ${DEFAULT_DATABASE}, or DATABASE_URL); created if missing`,
  "  --empty        a new database starts with a blank group instead of the demo group",
  "  --help         this text",
  "",
  "Type one line at a time, or pipe a script in (it runs to its end, then the shell exits):",
  "  /help          the commands; /help poll explains one, and /help alone also explains the shell",
  "  as HANDLE      speak as someone else (the first speaker is operator)",
  "  :now           the current time;  :advance 48h  moves a simulated clock and runs what falls due",
  "  # …            a comment",
  "At a terminal: Tab completes commands and options, Up recalls earlier lines (kept in",
  "~/.consensus-bot_history, or in CONSENSUS_SHELL_HISTORY; set it empty to keep none), Ctrl+D leaves.",
  "Colour only on a terminal; NO_COLOR=1 turns it off.",
  "",
  "Exit codes: 0 done, 1 unexpected error, 2 bad flags or configuration or a database that cannot be",
  "opened, 141 the output was closed before the end (as with | head).",
].join("\n");

const isoInstant = z.iso.datetime({ offset: true, local: true }).or(z.iso.date());

/** Reads the shell's command-line flags; an unknown flag is an error that shows the usage. */
export function parseShellOptions(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: ShellOptions } | { ok: false; error: string } {
  const options: ShellOptions = { json: false, clock: null, db: env["DATABASE_URL"] || DEFAULT_DATABASE, dbSetting: "DATABASE_URL", empty: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--json":
        options.json = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      case "--empty":
        options.empty = true;
        break;
      case "--db": {
        const db = value();
        if (!db) return { ok: false, error: `--db needs a path or a postgres:// URL. ${SHELL_USAGE}` };
        options.db = db;
        options.dbSetting = "--db";
        break;
      }
      case "--clock": {
        const at = value();
        if (!at || !isoInstant.safeParse(at).success) return { ok: false, error: `--clock needs an ISO date-time, such as 2026-06-01T09:00:00Z. ${SHELL_USAGE}` };
        options.clock = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(at) || at.length === 10 ? at : `${at}Z`);
        break;
      }
      default:
        return { ok: false, error: `Unknown option ${flag}. ${SHELL_USAGE}` };
    }
  }
  return { ok: true, value: options };
}
