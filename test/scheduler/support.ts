// A small group on a real SQLite file for the scheduler tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Caller } from "../../src/core/access/actor.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Deps } from "../../src/core/deps.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { createGroup } from "../../src/core/setup/configureGroup.ts";
import { bindChannel } from "../../src/core/setup/configureGroup.ts";
import { ManualClock } from "../../src/core/shared/clock.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";

export interface SchedulerWorld {
  dir: string;
  dbPath: string;
  db: OpenedDatabase;
  clock: ManualClock;
  deps: Deps;
  groupId: number;
  operator: Caller;
  rep(code: string): Caller;
  cleanup(): Promise<void>;
}

export async function schedulerWorld(codes: string[], start = new Date("2026-06-01T09:00:00Z")): Promise<SchedulerWorld> {
  const dir = mkdtempSync(join(tmpdir(), "scheduler-"));
  const dbPath = join(dir, "bot.db");
  const db = await openDatabase(dbPath);
  const clock = new ManualClock(start);
  const deps = { store: db.store, clock };
  const group = await createGroup(deps, "G", "UTC", { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
  const operator: Caller = { groupId: group.id, platform: "shell", externalId: "operator" };
  await bindChannel(deps, operator, "shell", "announcements");
  for (const code of codes) {
    await addAgency(deps, operator, { code, name: code });
    const handle = code.toLowerCase();
    await addDelegate(deps, operator, { agency: code, user: { handle, identity: { platform: "shell", externalId: handle } }, head: true });
  }
  return {
    dir,
    dbPath,
    db,
    clock,
    deps,
    groupId: group.id,
    operator,
    rep: (code) => ({ groupId: group.id, platform: "shell", externalId: code.toLowerCase() }),
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const hours = (n: number) => n * 3_600_000;
export const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
