// The composition root's half for the local shell: the database named by --db (or DATABASE_URL), the
// dependencies, the shell adapter and the one runtime, as the platforms have them (platformMode.ts).
import { createShell, type ShellIO } from "../adapters/shell/shell.ts";
import type { ShellOptions } from "../adapters/shell/shellOptions.ts";
import type { Deps } from "../core/deps.ts";
import { ManualClock, systemClock } from "../core/shared/clock.ts";
import { openDatabase } from "../infra/db/openDatabase.ts";
import { startScheduledRuntime } from "./scheduledRuntime.ts";

export async function runShellMode(options: ShellOptions, io: ShellIO): Promise<void> {
  const db = await openDatabase(options.db, { setting: options.dbSetting });
  try {
    const deps: Deps = { store: db.store, clock: options.clock ? new ManualClock(options.clock) : systemClock };
    const shell = createShell(options, io, deps, db.description);
    await shell.open();
    // A simulated clock moves only with :advance, and a script is read faster than a second ticks:
    // only a person at a terminal, on the real clock, gets the tick (and so reminders as they fall due).
    const ticking = !options.clock && io.console.interactive;
    const runtime = startScheduledRuntime(deps, [shell.sender], io.logger, "shell", ticking ? undefined : null);
    try {
      await shell.run(runtime);
    } finally {
      await runtime.stop();
    }
  } finally {
    await db.close();
  }
}
