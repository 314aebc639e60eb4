// The authorization matrix: every action of the catalogue, mutating and read, run through the real
// parser, bindings, handlers and use cases by each kind of caller. Each cell is allowed or refused as
// the permission table (src/core/access/permissions.ts) says; a refused cell leaves every row of every
// table as it was. One world is built once; after a cell that may have written, the file is put back
// to that world row by row through a second connection, which is far cheaper than a fresh database per
// cell (measured: see the test's output line).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allActionKeys } from "../../commands/index.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import { type ActionKey, permits, type Scope } from "../../src/core/access/permissions.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import type { Person } from "../../src/core/people/person.ts";
import { buildGroup, must, shellUser, type TestGroup } from "../support/group.ts";
import { attachAccount, run } from "../support/governance.ts";

/** Refusals that mean "not you": anything else is a refusal of the business rules, after the table let the caller through. */
const AUTHORIZATION_REFUSALS = new Set(["role_required", "members_only", "own_agency_only", "enrol_needs_secretariat", "venue_proposer_not_host", "venue_confirmer_not_host"]);

/** Each kind of caller, as a shell handle (null: nobody the group knows) whose Slack account runs the cell. */
const CALLERS = {
  "unknown caller": null,
  "representative on another agency": "esa2",
  representative: "nasa2",
  "head, own agency": "nasa1",
  "head, other agency": "esa1",
  chair: "jaxa1",
  Secretariat: "sam",
  operator: "ops",
} as const;
type Kind = keyof typeof CALLERS;

/** Every action, with a line that targets NASA where an action has a target, and the scope the table decides on. */
function lines(nasaId: number, person: (handle: string) => Person | null): Record<string, { line: string; scope?: Scope }> {
  const nasa = { agencyIds: [nasaId] };
  return {
    "agency add": { line: "/agency add code:ZZSA name:Zed" },
    "agency list": { line: "/agency list" },
    "agency show": { line: "/agency show code:NASA" },
    "agency withdraw": { line: "/agency withdraw code:NASA received:2026-06-01" },
    "agency accept-tor": { line: "/agency accept-tor code:NASA" },
    "membership request": { line: '/membership request code:NEWA name:"New agency" received:2026-05-30 objectives:"To join"' },
    "delegate add": { line: "/delegate add agency:NASA user:newbie", scope: { ...nasa, subject: null } },
    "delegate remove": { line: "/delegate remove user:nasa2", scope: { ...nasa, subject: person("nasa2"), head: false } },
    "delegate list": { line: "/delegate list" },
    "delegate link": { line: "/delegate link" },
    "delegate unlink": { line: "/delegate unlink platform:discord", scope: { subject: "self" as unknown as Person } },
    "role grant": { line: "/role grant user:newbie role:secretariat" },
    "role revoke": { line: "/role revoke user:sam role:secretariat" },
    "chair set": { line: "/chair set agency:NASA user:nasa1 from:2026-06-01" },
    "chair status": { line: "/chair status" },
    "poll open": { line: '/poll open title:"Another" closes:7d' },
    "poll list": { line: "/poll list" },
    "poll show": { line: "/poll show id:1" },
    "poll position": { line: "/poll position id:1 stance:concur" },
    "poll close": { line: "/poll close id:1" },
    "poll extend": { line: "/poll extend id:1 closes:14d" },
    "poll withdraw": { line: "/poll withdraw id:1" },
    "poll remind": { line: "/poll remind id:1" },
    "meeting create": { line: '/meeting create title:"Workshop" starts:2026-11-02 ends:2026-11-03' },
    "meeting list": { line: "/meeting list" },
    "meeting show": { line: "/meeting show id:1" },
    "meeting schedule": { line: "/meeting schedule id:1" },
    "meeting ics": { line: "/meeting ics id:1" },
    "meeting feed": { line: "/meeting feed" },
    "meeting minutes": { line: '/meeting minutes id:1 text:"Minutes"' },
    "meeting held": { line: "/meeting held id:1" },
    "meeting cancel": { line: "/meeting cancel id:1" },
    "venue propose": { line: "/venue propose meeting:1 hosts:NASA city:Rome country:Italy costs:accepted", scope: nasa },
    "venue confirm": { line: "/venue confirm id:1", scope: nasa },
    "venue list": { line: "/venue list meeting:1" },
    "venue consensus": { line: "/venue consensus id:1 closes:7d" },
    "advisor notify": { line: '/advisor notify meeting:1 name:"Bea Lovelace" affiliation:"Lab" purpose:"Talk" conflicts:none' },
    "advisor list": { line: "/advisor list meeting:1" },
    "advisor ack": { line: "/advisor ack id:1" },
    announce: { line: '/announce text:"Hello all"' },
    "announcement list": { line: "/announcement list" },
    "announcement edit": { line: '/announcement edit id:1 text:"Hello again"' },
    "announcement retract": { line: "/announcement retract id:1" },
    decisions: { line: "/decisions" },
    "export decisions": { line: "/export decisions" },
    "export meetings": { line: "/export meetings" },
    "export agencies": { line: "/export agencies" },
    "tor show": { line: "/tor show" },
    "workplan show": { line: "/workplan show" },
    waiting: { line: "/waiting" },
    "setup channel": { line: "/setup channel purpose:announcements" },
    "setup timezone": { line: "/setup timezone zone:Europe/Paris" },
    "setup mandate": { line: "/setup mandate ends:2027-12-31" },
    "setup reminders": { line: "/setup reminders poll:48,24" },
    "group create": { line: '/group create name:"Another group"' },
    "group code": { line: "/group code" },
    "group join": { line: "/group join code:ABCD-EFGH" },
    "group show": { line: "/group show" },
    "outbox list": { line: "/outbox list" },
    "outbox retry": { line: "/outbox retry id:1" },
    help: { line: "/help poll" },
  };
}

describe("the authorization matrix", { timeout: 300_000 }, () => {
  let g: TestGroup;
  let template: Record<string, unknown[]>;
  let writer: Database.Database;
  const people = new Map<string, Person>();
  const callerOf = (kind: Kind): Caller => g.caller(`U-${CALLERS[kind] ?? "STRANGER"}`.toUpperCase(), "slack");

  /** Puts every table back as the template had it, sequences included. */
  const restore = () => {
    writer.pragma("foreign_keys = OFF");
    writer.transaction(() => {
      for (const [table, rows] of Object.entries(template)) {
        writer.prepare(`DELETE FROM "${table}"`).run();
        for (const row of rows as Record<string, unknown>[]) {
          const columns = Object.keys(row);
          writer.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).run(...columns.map((c) => row[c]));
        }
      }
      const sequences = writer.prepare("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
      if (sequences) {
        writer.prepare("DELETE FROM sqlite_sequence").run();
        for (const s of templateSequences) writer.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)").run(s.name, s.seq);
      }
    })();
  };
  let templateSequences: { name: string; seq: number }[] = [];

  beforeAll(async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 2, channels: ["announcements", "secretariat"] });
    const op = g.operator;
    must(await grantRole(g.deps, op, shellUser("sam"), "secretariat"));
    must(await grantRole(g.deps, op, shellUser("ops"), "operator"));
    const setup = [
      "/chair set agency:JAXA user:jaxa1 from:2026-05-01",
      '/poll open title:"Matrix" closes:7d',
      '/meeting create title:"Plenary" starts:2026-10-12 ends:2026-10-14',
      '/announce text:"Later" at:7d',
    ];
    for (const line of setup) expect((await run(g, op, line)).data?.["refused"], line).toBeUndefined();
    expect((await run(g, g.rep("NASA", 1), '/advisor notify meeting:1 name:"Ada Lovelace" affiliation:"Lab" purpose:"Talk" conflicts:none')).data?.["refused"]).toBeUndefined();
    expect((await run(g, g.rep("NASA", 0), "/venue propose meeting:1 hosts:NASA city:Paris country:France costs:accepted")).data?.["refused"]).toBeUndefined();
    for (const handle of Object.values(CALLERS)) if (handle) await attachAccount(g, handle, { platform: "slack", externalId: `U-${handle}`.toUpperCase() });
    await g.deps.store.transaction(async (tx) => {
      for (const handle of Object.values(CALLERS)) if (handle) people.set(handle, (await tx.people.byHandle(g.groupId, handle))!);
      people.set("nasa2", (await tx.people.byHandle(g.groupId, "nasa2"))!);
    });
    template = g.snapshot();
    writer = new Database(g.dbPath);
    templateSequences = writer.prepare("SELECT name, seq FROM sqlite_sequence").all() as typeof templateSequences;
  });

  afterAll(async () => {
    writer?.close();
    await g?.cleanup();
  });

  it("has a line for every action of the catalogue", () => {
    expect(Object.keys(lines(0, () => null)).sort()).toEqual(allActionKeys().sort());
  });

  it("allows and refuses each cell as the table says; a refused cell writes nothing", async () => {
    const started = performance.now();
    const table = lines(g.agency("NASA").id, (h) => people.get(h) ?? null);
    const cells: { action: string; kind: Kind; expected: string; got: string }[] = [];
    let refusedCells = 0;
    for (const [action, { line, scope }] of Object.entries(table)) {
      for (const kind of Object.keys(CALLERS) as Kind[]) {
        const handle = CALLERS[kind];
        const person = handle ? people.get(handle)! : null;
        const decided = scope?.subject === ("self" as unknown) ? { ...scope, subject: person } : scope;
        const allowed = permits(person, action as ActionKey, decided);
        const before = g.snapshot();
        const reply = await run(g, callerOf(kind), line);
        const refusal = reply.data?.["refused"] as string | undefined;
        const got = refusal !== undefined && AUTHORIZATION_REFUSALS.has(refusal) ? `refused (${refusal})` : "allowed";
        cells.push({ action, kind, expected: allowed ? "allowed" : "refused", got: got.startsWith("refused") ? "refused" : "allowed" });
        if (!allowed) {
          refusedCells++;
          expect(g.snapshot(), `${action} by ${kind} was refused (${refusal}) but wrote`).toEqual(before);
          expect(reply.visibility).toBe("ephemeral");
        } else {
          restore();
        }
      }
    }
    const wrong = cells.filter((c) => c.expected !== c.got).map((c) => `${c.action} × ${c.kind}: expected ${c.expected}, got ${c.got}`);
    expect(wrong).toEqual([]);
    // Sanity: the matrix really refuses and really allows.
    expect(refusedCells).toBeGreaterThan(100);
    expect(cells.length - refusedCells).toBeGreaterThan(100);
    const ms = performance.now() - started;
    process.stdout.write(`authorization matrix: ${cells.length} cells (${Object.keys(table).length} actions × ${Object.keys(CALLERS).length} callers), ${refusedCells} refused, in ${(ms / 1000).toFixed(1)} s\n`);
  });
});
