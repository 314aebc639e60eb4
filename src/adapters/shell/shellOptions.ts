import { z } from "zod";
import { DEFAULT_DATABASE } from "../../infra/db/openDatabase.ts";

export interface ShellOptions {
  json: boolean;
  clock: Date | null;
  db: string;
  empty: boolean;
}

export const SHELL_USAGE = "Usage: npm start -- [--json] [--clock ISO] [--db PATH] [--empty]";

const isoInstant = z.iso.datetime({ offset: true, local: true }).or(z.iso.date());

/** Reads the shell's command-line flags; an unknown flag is an error that shows the usage. */
export function parseShellOptions(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: ShellOptions } | { ok: false; error: string } {
  const options: ShellOptions = { json: false, clock: null, db: env["DATABASE_URL"] || DEFAULT_DATABASE, empty: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--json":
        options.json = true;
        break;
      case "--empty":
        options.empty = true;
        break;
      case "--db": {
        const db = value();
        if (!db) return { ok: false, error: `--db needs a path. ${SHELL_USAGE}` };
        options.db = db;
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
