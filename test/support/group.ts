// A group on a real database, built through the real core use cases: the operator (Secretariat), N
// participating agencies with their representatives, and a ManualClock. The database is a SQLite file
// in a temp dir, or with TEST_DATABASE=postgres a fresh PostgreSQL database (test/support/database.ts).
// Rows are read back through a separate connection, as another reader of the database would.
// This is the one place a test builds its world. The readers of what the file holds are in governance.ts and
// durations in time.ts; meetingWorld.ts and test/scheduler/support.ts only choose options here and add people.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Caller } from "../../src/core/access/actor.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import type { Deps } from "../../src/core/deps.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import type { Platform } from "../../src/core/people/person.ts";
import type { UserRef } from "../../src/core/people/userRef.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import type { ChannelPurpose } from "../../src/core/setup/group.ts";
import { ManualClock } from "../../src/core/shared/clock.ts";
import type { Result } from "../../src/core/shared/result.ts";
import { bindChannel, createGroup } from "../../src/core/setup/configureGroup.ts";
import { openDatabase, type OpenedDatabase } from "../../src/infra/db/openDatabase.ts";
import { readerFor, testDatabase, type DatabaseKind } from "./database.ts";

const AGENCY_CODES = ["NASA", "ESA", "JAXA", "CSA", "CNES", "DLR", "ASI", "ISRO", "KARI", "UKSA"];

export interface GroupOptions {
  /** How many agencies (codes NASA, ESA, JAXA, … then AG11, AG12, …), or their codes. Default 3. */
  agencies?: number | string[];
  /** Representatives per agency; the first is the head of delegation. Default 1. */
  representatives?: number;
  /** The handle of an agency's n-th representative (0 = head). Default nasa1, nasa2, … */
  representativeHandle?: (code: string, n: number) => string;
  /** Channels the operator binds on the shell before any agency exists; without one, messages for it have nowhere to go. Default none. */
  channels?: ChannelPurpose[];
  start?: Date | string;
  timezone?: string;
  /** The database, for a test that needs one in particular; by default the run's (TEST_DATABASE). */
  database?: DatabaseKind;
}

export interface TestAgency {
  id: number;
  code: string;
  /** Callers on the shell, with handles such as nasa1, nasa2; the first is the head. */
  representatives: Caller[];
}

export interface TestGroup {
  dir: string;
  /** What openDatabase takes to open this world's database (a file path or a postgres:// URL), for other processes. */
  dbPath: string;
  db: OpenedDatabase;
  clock: ManualClock;
  deps: Deps;
  groupId: number;
  /** Set the group up, so holds the operator and Secretariat roles and no agency. */
  operator: Caller;
  agencies: TestAgency[];
  agency(code: string): TestAgency;
  /** The n-th representative (0 = head) of an agency. */
  rep(code: string, n?: number): Caller;
  /** Anyone, known or not, speaking from a platform account. */
  caller(externalId: string, platform?: Platform): Caller;
  /** Rows in SQLite's dialect (`?` parameters, bare names), whichever database the world is on. */
  rows<T>(sql: string, ...params: unknown[]): T[];
  /** Every row of every table: a refusal must leave this exactly as it was. */
  snapshot(): Record<string, unknown[]>;
  /** Moves the clock and runs what fell due, as the runtime would; resolves to how many jobs ran. */
  advanceTo(at: Date | string): Promise<number>;
  cleanup(): Promise<void>;
}

/** The value of a result that must succeed; a refusal fails the test with its reason. */
export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

/**
 * Gives a person with no agency the chair role directly in the database, as groups recorded it before
 * the chair became the holder of the current chair term (/role grant role:chair is refused now). Tests
 * of what the chair may do use it where the chair must hold no voice of their own.
 */
export async function legacyChairRole(g: Pick<TestGroup, "deps" | "groupId">, handle: string): Promise<void> {
  await g.deps.store.transaction(async (tx) => {
    const person = (await tx.people.byHandle(g.groupId, handle)) ?? (await tx.people.create(g.groupId, handle, { platform: "shell", externalId: handle }));
    await tx.people.grantRole(person.id, "chair");
  });
}

/** Someone named by their shell handle, as the shell's `user:alice` would name them. */
export function shellUser(handle: string): UserRef {
  return { handle, identity: { platform: "shell", externalId: handle } };
}

export async function buildGroup(options: GroupOptions = {}): Promise<TestGroup> {
  const requested = options.agencies ?? 3;
  const codes = typeof requested === "number" ? Array.from({ length: requested }, (_, i) => AGENCY_CODES[i] ?? `AG${i + 1}`) : requested;
  const perAgency = options.representatives ?? 1;
  const handleOf = options.representativeHandle ?? ((code: string, n: number) => `${code.toLowerCase()}${n + 1}`);

  const dir = mkdtempSync(join(tmpdir(), "group-"));
  const database = await testDatabase(dir, options.database);
  const dbPath = database.target;
  const db = await openDatabase(dbPath);
  const clock = new ManualClock(new Date(options.start ?? "2026-06-01T09:00:00Z"));
  const deps: Deps = { store: db.store, clock };
  const group = await createGroup(deps, "Test group", options.timezone ?? "UTC", shellUser("operator"));
  const caller = (externalId: string, platform: Platform = "shell"): Caller => ({ groupId: group.id, platform, externalId });
  const operator = caller("operator");
  for (const purpose of options.channels ?? []) must(await bindChannel(deps, operator, "shell", purpose));

  const agencies: TestAgency[] = [];
  for (const code of codes) {
    const agency = must(await addAgency(deps, operator, { code, name: `${code} agency` }));
    const representatives: Caller[] = [];
    for (let n = 0; n < perAgency; n++) {
      const handle = handleOf(agency.code, n);
      must(await addDelegate(deps, operator, { agency: agency.code, user: shellUser(handle), head: n === 0 }));
      representatives.push(caller(handle));
    }
    agencies.push({ id: agency.id, code: agency.code, representatives });
  }

  const reader = readerFor(dbPath);
  const rows = reader.rows;
  const agency = (code: string): TestAgency => {
    const found = agencies.find((a) => a.code === code);
    if (!found) throw new Error(`no agency ${code} in this test group`);
    return found;
  };

  return {
    dir,
    dbPath,
    db,
    clock,
    deps,
    groupId: group.id,
    operator,
    agencies,
    agency,
    rep: (code, n = 0) => {
      const rep = agency(code).representatives[n];
      if (!rep) throw new Error(`${code} has no representative number ${n}`);
      return rep;
    },
    caller,
    rows,
    snapshot: reader.snapshot,
    advanceTo: async (at) => {
      const target = new Date(at);
      clock.set(target);
      return runDueJobs(deps, "test", target);
    },
    cleanup: async () => {
      reader.close();
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
