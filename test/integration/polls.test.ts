// Polls through the core on a real SQLite file: electorate, positions and their history, refusals
// that leave the file untouched, early and deadline closings, withdrawal, extension and the register.
import { afterEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/core/access/actor.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { addDelegate, removeDelegate } from "../../src/core/people/manageDelegates.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { extendPoll } from "../../src/core/polls/extendPoll.ts";
import { openPoll, type OpenPollInput } from "../../src/core/polls/openPoll.ts";
import type { Poll, Procedure, Stance } from "../../src/core/polls/poll.ts";
import { remindPoll } from "../../src/core/polls/remindPoll.ts";
import { withdrawPoll } from "../../src/core/polls/withdrawPoll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { createGroup } from "../../src/core/setup/configureGroup.ts";
import { buildGroup, legacyChairRole, must, shellUser, type GroupOptions, type TestGroup } from "../support/group.ts";
import { attachAccount, expectRefusedWithoutWrites, outboxRows, run } from "../support/governance.ts";
import { DAY, HOUR, later } from "../support/time.ts";
import { SLOW_MACHINE_MS, personId, pollRecords } from "./pollRecords.ts";

/** The group the running test built, removed after it whatever happened. */
let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

/** NASA, ESA and JAXA with two representatives each, and carla in the chair (no agency). */
async function threeAgencies(options: GroupOptions = {}): Promise<{ g: TestGroup; chair: Caller }> {
  const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 2, ...options }));
  await legacyChairRole(g, "carla");
  return { g, chair: g.caller("carla") };
}

async function open(g: TestGroup, input: Partial<OpenPollInput> = {}, by: Caller = g.operator): Promise<Poll> {
  return must(await openPoll(g.deps, by, { title: "Adopt the 2027 workplan", closesAt: later(g.clock.now(), 7 * DAY), ...input }));
}

async function cast(g: TestGroup, who: Caller, pollId: number, stance: Stance, reason?: string) {
  return must(await castPosition(g.deps, who, { pollId, stance, reason }));
}

describe("opening a poll", { timeout: SLOW_MACHINE_MS }, () => {
  it("takes the agencies participating at opening as its electorate; an agency added later is not in it", async () => {
    const { g } = await threeAgencies();
    must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO", status: "invited", frameworkContributor: true }));
    const poll = await open(g);
    const records = pollRecords(g, poll.id);
    const ids = ["NASA", "ESA", "JAXA"].map((code) => g.agency(code).id).sort((a, b) => a - b);

    expect(records.electors()).toEqual(ids.map((agencyId) => ({ agencyId, removedAt: null })));
    const [opened] = records.audit();
    expect(records.audit()).toHaveLength(1);
    expect(opened).toMatchObject({ action: "poll.opened", actorId: personId(g, "operator") });
    expect((opened!.details["electorate"] as number[]).toSorted((a, b) => a - b)).toEqual(ids);
    const [card] = records.outbox();
    expect(records.outbox()).toHaveLength(1);
    expect(card).toMatchObject({ idempotencyKey: `poll:${poll.id}:opened`, action: "post", audience: { kind: "channel", purpose: "announcements" } });
    expect(card!.text).toContain(`#${poll.id}`);
    expect(card!.text).toContain("3 agencies take part");
    expect(records.jobs().map((j) => [j.kind, j.dueAt.getTime(), j.status])).toEqual([
      ["poll.remind", poll.closesAt.getTime() - 72 * HOUR, "pending"],
      ["poll.remind", poll.closesAt.getTime() - 24 * HOUR, "pending"],
      ["poll.close", poll.closesAt.getTime(), "pending"],
    ]);

    // CSA joins after the opening: it is not asked, and its representative cannot answer.
    const csa = must(await addAgency(g.deps, g.operator, { code: "CSA", name: "CSA" }));
    must(await addDelegate(g.deps, g.operator, { agency: "CSA", user: shellUser("csa1"), head: true }));
    expect(records.electors().map((e) => e.agencyId)).not.toContain(csa.id);
    await expectRefusedWithoutWrites(g, () => castPosition(g.deps, g.caller("csa1"), { pollId: poll.id, stance: "concur" }), "not_in_electorate");

    // The next poll takes a new snapshot, with CSA in it.
    const next = await open(g, { title: "Next" });
    expect(pollRecords(g, next.id).electors().map((e) => e.agencyId)).toContain(csa.id);
  });
});

describe("who a poll can be put to", { timeout: SLOW_MACHINE_MS }, () => {
  it("refuses to open a poll while no agency participates, and writes nothing", async () => {
    const g = (built = await buildGroup({ agencies: 0 }));
    must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO", status: "invited", frameworkContributor: true }));
    const said = await expectRefusedWithoutWrites(g, () => openPoll(g.deps, g.operator, { title: "Anyone?", closesAt: later(g.clock.now(), 7 * DAY) }), "no_electorate");
    expect(said).toContain("/agency add");
  });

  it("a silence procedure refuses quorum: and its description never speaks of a quorum", async () => {
    const { g } = await threeAgencies();
    const said = await expectRefusedWithoutWrites(g, () => openPoll(g.deps, g.operator, { title: "Silent", closesAt: later(g.clock.now(), 7 * DAY), procedure: "silence", quorumPercent: 60 }), "quorum_with_silence");
    expect(said).toContain("procedure:consensus");
    const poll = await open(g, { procedure: "silence" });
    const [card] = pollRecords(g, poll.id).outbox();
    expect(card!.text).toContain("silence procedure");
    expect(card!.text).not.toMatch(/quorum/i);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    const reply = await run(g, g.operator, `/poll show id:${poll.id}`);
    expect(reply.text).toContain("1 of 3 agencies responded");
    expect(reply.text).not.toMatch(/quorum/i);
  });

  it("names to the Secretariat the participating agencies with no representative when a poll opens", async () => {
    const { g } = await threeAgencies();
    must(await addAgency(g.deps, g.operator, { code: "CSA", name: "CSA" }));
    const poll = await open(g);
    const notice = outboxRows(g).find((m) => m.idempotencyKey === `poll:${poll.id}:unrepresented`);
    expect(notice).toMatchObject({ audience: { kind: "channel", purpose: "secretariat" }, data: { agencies: ["CSA"] } });
    expect(notice!.text).toContain("CSA has no representative");
    expect(notice!.text).toContain("/delegate add agency:CSA");
    // With every agency represented, the Secretariat is not bothered.
    must(await addDelegate(g.deps, g.operator, { agency: "CSA", user: shellUser("csa1"), head: true }));
    const next = await open(g, { title: "Next" });
    expect(outboxRows(g).some((m) => m.idempotencyKey === `poll:${next.id}:unrepresented`)).toBe(false);
  });

  it("/poll remind says which agencies it could not reach, and sends them nothing", async () => {
    const { g } = await threeAgencies();
    must(await addAgency(g.deps, g.operator, { code: "CSA", name: "CSA" }));
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    const r = must(await remindPoll(g.deps, g.operator, poll.id));
    expect(r.reminded.toSorted()).toEqual(["ESA", "JAXA"]);
    expect(r.unreachable).toEqual(["CSA"]);
    const reminders = outboxRows(g).filter((m) => m.data["event"] === "poll.reminder");
    expect(reminders.map((m) => m.data["agency"]).toSorted()).toEqual(["ESA", "JAXA"]);
    const reply = await run(g, g.operator, `/poll remind id:${poll.id}`);
    expect(reply.text).toContain("Could not reach CSA: it has no representative. Add one with /delegate add agency:CSA user:USER.");
    expect(reply.data).toMatchObject({ unreachable: ["CSA"] });
  });
});

describe("positions", { timeout: SLOW_MACHINE_MS }, () => {
  it("keep one current position per agency, and every change in the history with who cast it and on which platform", async () => {
    const { g } = await threeAgencies();
    await attachAccount(g, "nasa2", { platform: "discord", externalId: "d-nasa2" });
    const poll = await open(g);
    const records = pollRecords(g, poll.id);
    const nasa = g.agency("NASA").id;

    const first = await cast(g, g.rep("NASA", 0), poll.id, "concur");
    const second = await cast(g, g.caller("d-nasa2", "discord"), poll.id, "object", "  Budget not agreed  ");
    const third = await cast(g, g.rep("NASA", 0), poll.id, "abstain");

    expect([first.previous, second.previous, third.previous]).toEqual([null, "concur", "object"]);
    expect(third.tally).toMatchObject({ electorate: 3, responded: 1, abstain: 1, object: 0, pending: 2 });
    expect(records.positions()).toEqual([{ agencyId: nasa, stance: "abstain", reason: null, castById: personId(g, "nasa1") }]);
    expect(records.history().map(({ id: _id, ...change }) => change)).toEqual([
      { agencyId: nasa, stance: "concur", reason: null, castById: personId(g, "nasa1"), platform: "shell" },
      { agencyId: nasa, stance: "object", reason: "Budget not agreed", castById: personId(g, "nasa2"), platform: "discord" },
      { agencyId: nasa, stance: "abstain", reason: null, castById: personId(g, "nasa1"), platform: "shell" },
    ]);
    expect(records.audit().filter((a) => a.action === "position.cast").map((a) => [a.actorId, a.details])).toEqual([
      [personId(g, "nasa1"), { agency: "NASA", stance: "concur", reason: null, previous: null, platform: "shell" }],
      [personId(g, "nasa2"), { agency: "NASA", stance: "object", reason: "Budget not agreed", previous: "concur", platform: "discord" }],
      [personId(g, "nasa1"), { agency: "NASA", stance: "abstain", reason: null, previous: "object", platform: "shell" }],
    ]);
    // Each change redraws the poll's card wherever it was posted.
    const edits = records.outbox().filter((m) => m.action === "edit");
    expect(edits).toHaveLength(3);
    expect(edits.every((m) => m.target === `poll:${poll.id}:opened` && m.data["event"] === "poll.tally")).toBe(true);
    expect(records.poll().status).toBe("open");
  });
});

describe("refusals leave the file exactly as it was", { timeout: SLOW_MACHINE_MS }, () => {
  it("an objection without a reason, or with only blanks", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await expectRefusedWithoutWrites(g, () => castPosition(g.deps, g.rep("ESA"), { pollId: poll.id, stance: "object" }), "objection_needs_reason");
    await expectRefusedWithoutWrites(g, () => castPosition(g.deps, g.rep("ESA"), { pollId: poll.id, stance: "object", reason: "   " }), "objection_needs_reason");
  });

  it("a position from someone who represents no agency: the Secretariat, a stranger, a former representative", async () => {
    const { g, chair } = await threeAgencies();
    const poll = await open(g);
    must(await removeDelegate(g.deps, g.operator, shellUser("esa2")));
    for (const who of [g.operator, chair, g.caller("stranger"), g.rep("ESA", 1)]) {
      await expectRefusedWithoutWrites(g, () => castPosition(g.deps, who, { pollId: poll.id, stance: "concur" }), "role_required");
    }
  });

  it("anything on a poll that does not exist, or belongs to another group", async () => {
    const { g } = await threeAgencies();
    const other = await createGroup(g.deps, "Other group", "UTC", shellUser("op2"));
    const op2: Caller = { groupId: other.id, platform: "shell", externalId: "op2" };
    must(await addAgency(g.deps, op2, { code: "NASA", name: "NASA" }));
    const theirs = must(await openPoll(g.deps, op2, { title: "Theirs", closesAt: later(g.clock.now(), DAY) }));
    for (const id of [9999, theirs.id]) {
      await expectRefusedWithoutWrites(g, () => castPosition(g.deps, g.rep("NASA"), { pollId: id, stance: "concur" }), "poll_not_found");
      await expectRefusedWithoutWrites(g, () => closePoll(g.deps, g.operator, id), "poll_not_found");
      await expectRefusedWithoutWrites(g, () => extendPoll(g.deps, g.operator, id, later(g.clock.now(), 30 * DAY)), "poll_not_found");
      await expectRefusedWithoutWrites(g, () => withdrawPoll(g.deps, g.operator, id), "poll_not_found");
      await expectRefusedWithoutWrites(g, () => remindPoll(g.deps, g.operator, id), "poll_not_found");
    }
  });

  it("positions, closing, extension and withdrawal on a closed poll", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    must(await withdrawPoll(g.deps, g.operator, poll.id));
    // Each refusal speaks of what was attempted: extending a closed poll is not about positions.
    expect(await expectRefusedWithoutWrites(g, () => castPosition(g.deps, g.rep("NASA"), { pollId: poll.id, stance: "concur" }), "poll_closed")).toContain("positions can no longer change");
    expect(await expectRefusedWithoutWrites(g, () => closePoll(g.deps, g.operator, poll.id), "poll_closed")).toContain("it is already decided");
    const extend = await expectRefusedWithoutWrites(g, () => extendPoll(g.deps, g.operator, poll.id, later(g.clock.now(), 30 * DAY)), "poll_closed");
    expect(extend).toContain("its deadline can no longer move");
    expect(extend).not.toContain("positions");
    expect(await expectRefusedWithoutWrites(g, () => withdrawPoll(g.deps, g.operator, poll.id), "poll_closed")).toContain("can no longer be withdrawn");
    expect(await expectRefusedWithoutWrites(g, () => remindPoll(g.deps, g.operator, poll.id), "poll_closed")).not.toContain("positions");
  });

  it("opening, closing, extending or withdrawing by anyone who is neither the Secretariat nor the chair", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    for (const who of [g.rep("NASA", 0), g.rep("ESA", 1), g.caller("stranger")]) {
      await expectRefusedWithoutWrites(g, () => openPoll(g.deps, who, { title: "Mine", closesAt: later(g.clock.now(), DAY) }), "role_required");
      await expectRefusedWithoutWrites(g, () => closePoll(g.deps, who, poll.id), "role_required");
      await expectRefusedWithoutWrites(g, () => extendPoll(g.deps, who, poll.id, later(g.clock.now(), 30 * DAY)), "role_required");
      await expectRefusedWithoutWrites(g, () => withdrawPoll(g.deps, who, poll.id), "role_required");
    }
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
  });

  it("a deadline in the past, and an extension that is not later", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await expectRefusedWithoutWrites(g, () => openPoll(g.deps, g.operator, { title: "Late", closesAt: g.clock.now() }), "date_in_past");
    await expectRefusedWithoutWrites(g, () => extendPoll(g.deps, g.operator, poll.id, poll.closesAt), "extend_not_later");
    await expectRefusedWithoutWrites(g, () => extendPoll(g.deps, g.operator, poll.id, later(poll.closesAt, -HOUR)), "extend_not_later");
  });
});

/** The decision, its audit row and its announcement, as every closing must leave them. */
function expectClosed(g: TestGroup, poll: Poll, outcome: string, closedBy: string, at: Date) {
  const records = pollRecords(g, poll.id);
  expect(records.poll()).toMatchObject({ status: "closed", outcome, closedAt: at });
  const decision = records.decision();
  expect(decision).toMatchObject({ outcome, decidedAt: at });
  expect(records.audit().filter((a) => a.action === "poll.closed")).toEqual([
    expect.objectContaining({ details: expect.objectContaining({ outcome, closedBy, decision: decision!.number }) }),
  ]);
  const announcement = records.outbox().find((m) => m.idempotencyKey === `poll:${poll.id}:closed`);
  expect(announcement?.audience).toEqual({ kind: "channel", purpose: "announcements" });
  expect(announcement?.text).toContain(`Decision ${decision!.number}`);
  expect(announcement?.text).toContain(`#${poll.id}`);
  expect(announcement?.text).toContain(` is ${outcome}`);
  expect(announcement?.data).toMatchObject({ event: "poll.closed", outcome, decision: decision!.number });
  expect(records.outbox().filter((m) => m.idempotencyKey === `poll:${poll.id}:card-closed`)).toHaveLength(1);
  // Nothing is left to remind or close.
  expect(records.jobs().filter((j) => j.status === "pending")).toEqual([]);
  return decision!;
}

describe("closing early", { timeout: SLOW_MACHINE_MS }, () => {
  it("closes a consensus poll as soon as every agency has responded", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    expect((await cast(g, g.rep("NASA"), poll.id, "concur")).closedWith).toBeNull();
    expect((await cast(g, g.rep("ESA", 1), poll.id, "abstain")).closedWith).toBeNull();
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
    g.clock.advance(HOUR);
    expect((await cast(g, g.rep("JAXA"), poll.id, "concur")).closedWith).toBe("adopted");

    const decision = expectClosed(g, poll, "adopted", "all responded", g.clock.now());
    expect(decision).toMatchObject({ number: "2026-01", tally: { electorate: 3, responded: 3, concur: 2, abstain: 1, object: 0 }, objections: [] });
    expect(pollRecords(g, poll.id).jobs().map((j) => j.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(pollRecords(g, poll.id).audit().at(-1)?.actorId).toBe(personId(g, "jaxa1"));
  });

  it("an objection keeps the poll open after the last response, until it is lifted or the deadline comes", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    await cast(g, g.rep("ESA"), poll.id, "object", "The cost share is unclear");
    expect((await cast(g, g.rep("JAXA"), poll.id, "concur")).closedWith).toBeNull();
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
    expect(pollRecords(g, poll.id).decision()).toBeNull();
    // Discussion lifts the objection: the last standing objection turned to a concurrence closes it adopted.
    g.clock.advance(HOUR);
    expect((await cast(g, g.rep("ESA", 1), poll.id, "concur")).closedWith).toBe("adopted");
    expectClosed(g, poll, "adopted", "all responded", g.clock.now());
  });

  it("an objection that stands is decided at the deadline, not adopted, with its reason", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    await cast(g, g.rep("ESA"), poll.id, "object", "The cost share is unclear");
    await cast(g, g.rep("JAXA"), poll.id, "concur");
    await g.advanceTo(poll.closesAt);
    const decision = expectClosed(g, poll, "not adopted", "deadline", poll.closesAt);
    expect(decision.objections).toEqual([{ agency: "ESA", reason: "The cost share is unclear" }]);
  });

  it("does not close a silence-procedure poll early, even when every agency has responded", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g, { procedure: "silence" });
    for (const code of ["NASA", "ESA", "JAXA"]) expect((await cast(g, g.rep(code), poll.id, "concur")).closedWith).toBeNull();
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
    expect(pollRecords(g, poll.id).decision()).toBeNull();
  });

  // Between the deadline and the run of the closing job (the next tick, or the catch-up after downtime),
  // the poll is already decided on what stood at the deadline.
  it("refuses a position cast after the deadline, even before the closing job has run", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    await cast(g, g.rep("ESA"), poll.id, "concur");
    g.clock.set(later(poll.closesAt, 30_000));

    const before = g.snapshot();
    const late = await castPosition(g.deps, g.rep("JAXA"), { pollId: poll.id, stance: "object", reason: "Too late to object" });
    expect(late.ok).toBe(false);
    expect(g.snapshot()).toEqual(before);

    await runDueJobs(g.deps, "test", g.clock.now());
    expect(pollRecords(g, poll.id).decision()).toMatchObject({ outcome: "adopted", decidedAt: poll.closesAt });
  });

  it("does not close for silence: agencies that have not responded keep a consensus poll open until its deadline", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    await cast(g, g.rep("ESA"), poll.id, "concur");
    await runDueJobs(g.deps, "test", later(poll.closesAt, -1));
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
  });

  it("the chair closes a poll early on what has been cast", async () => {
    const { g, chair } = await threeAgencies();
    const poll = await open(g, {}, chair);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    g.clock.advance(DAY);
    const decision = must(await closePoll(g.deps, chair, poll.id));
    expect(decision).toMatchObject({ outcome: "lapsed", tally: { electorate: 3, responded: 1, quorumNeeded: 2 } });
    expectClosed(g, poll, "lapsed", "early", g.clock.now());
    expect(pollRecords(g, poll.id).audit().at(-1)?.actorId).toBe(personId(g, "carla"));
  });
});

describe("closing at the deadline", { timeout: SLOW_MACHINE_MS }, () => {
  const scenarios: {
    name: string;
    procedure: Procedure;
    positions: [string, Stance, string?][];
    outcome: string;
    tally: Record<string, number>;
    objections: { agency: string; reason: string }[];
  }[] = [
    {
      name: "adopted: no objection and a quorum responded",
      procedure: "consensus",
      positions: [["NASA", "concur"], ["ESA", "abstain"]],
      outcome: "adopted",
      tally: { electorate: 3, responded: 2, concur: 1, abstain: 1, object: 0, quorumNeeded: 2 },
      objections: [],
    },
    {
      name: "not adopted: an objection, named with its reason",
      procedure: "consensus",
      positions: [["NASA", "concur"], ["ESA", "object", "Launch window conflicts with ours"]],
      outcome: "not adopted",
      tally: { electorate: 3, responded: 2, concur: 1, abstain: 0, object: 1, quorumNeeded: 2 },
      objections: [{ agency: "ESA", reason: "Launch window conflicts with ours" }],
    },
    {
      name: "lapsed: the quorum was not reached",
      procedure: "consensus",
      positions: [["NASA", "concur"]],
      outcome: "lapsed",
      tally: { electorate: 3, responded: 1, concur: 1, abstain: 0, object: 0, quorumNeeded: 2 },
      objections: [],
    },
    {
      name: "silence procedure adopted with no response at all",
      procedure: "silence",
      positions: [],
      outcome: "adopted",
      tally: { electorate: 3, responded: 0, concur: 0, abstain: 0, object: 0 },
      objections: [],
    },
    {
      name: "silence procedure broken by an objection",
      procedure: "silence",
      positions: [["JAXA", "object", "Not in our plan"]],
      outcome: "not adopted",
      tally: { electorate: 3, responded: 1, object: 1 },
      objections: [{ agency: "JAXA", reason: "Not in our plan" }],
    },
  ];

  it.each(scenarios)("$name", async ({ procedure, positions, outcome, tally, objections }) => {
    const { g } = await threeAgencies();
    const poll = await open(g, { procedure });
    for (const [code, stance, reason] of positions) await cast(g, g.rep(code), poll.id, stance, reason);

    // Just before the deadline only reminders fall due.
    await runDueJobs(g.deps, "test", later(poll.closesAt, -1));
    expect(pollRecords(g, poll.id).poll().status).toBe("open");

    await g.advanceTo(poll.closesAt);
    const decision = expectClosed(g, poll, outcome, "deadline", poll.closesAt);
    expect(decision.number).toBe("2026-01");
    expect(decision.tally).toMatchObject(tally);
    expect(decision.objections).toEqual(objections);
    expect(pollRecords(g, poll.id).audit().at(-1)?.actorId).toBeNull();
    const text = pollRecords(g, poll.id).outbox().find((m) => m.idempotencyKey === `poll:${poll.id}:closed`)!.text;
    for (const o of objections) expect(text).toContain(`${o.agency}: ${o.reason}`);
  });
});

describe("withdrawing and extending", { timeout: SLOW_MACHINE_MS }, () => {
  it("a withdrawn poll is recorded as withdrawn, with its jobs cancelled", async () => {
    const { g, chair } = await threeAgencies();
    const poll = await open(g);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    const decision = must(await withdrawPoll(g.deps, chair, poll.id));
    expect(decision.outcome).toBe("withdrawn");
    expectClosed(g, poll, "withdrawn", "withdrawn", g.clock.now());
    expect(pollRecords(g, poll.id).jobs().map((j) => j.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    // The deadline passes without a second closing.
    expect(await runDueJobs(g.deps, "test", later(poll.closesAt, DAY))).toBe(0);
    expect(pollRecords(g, poll.id).audit().filter((a) => a.action === "poll.closed")).toHaveLength(1);
  });

  it("an extension moves the closing: the poll stays open at the old deadline and closes at the new one", async () => {
    const { g, chair } = await threeAgencies();
    const poll = await open(g);
    const records = pollRecords(g, poll.id);
    await cast(g, g.rep("NASA"), poll.id, "concur");
    await cast(g, g.rep("ESA"), poll.id, "concur");
    g.clock.advance(DAY);
    const newDeadline = later(poll.closesAt, 3 * DAY);
    must(await extendPoll(g.deps, chair, poll.id, newDeadline));

    expect(records.poll().closesAt).toEqual(newDeadline);
    const pending = records.jobs().filter((j) => j.status === "pending");
    expect(pending.map((j) => [j.kind, j.dueAt.getTime()])).toEqual([
      ["poll.remind", newDeadline.getTime() - 72 * HOUR],
      ["poll.remind", newDeadline.getTime() - 24 * HOUR],
      ["poll.close", newDeadline.getTime()],
    ]);
    expect(records.jobs().find((j) => j.kind === "poll.close" && j.dueAt.getTime() === poll.closesAt.getTime())?.status).toBe("cancelled");
    expect(records.audit().at(-1)).toMatchObject({ action: "poll.extended", actorId: personId(g, "carla"), details: { from: poll.closesAt.toISOString(), to: newDeadline.toISOString() } });
    const announcement = records.outbox().find((m) => m.data["event"] === "poll.extended");
    expect(announcement?.text).toContain(`#${poll.id}`);
    expect(announcement?.text).toContain("extended");

    await g.advanceTo(poll.closesAt);
    expect(records.poll().status).toBe("open");
    expect(records.decision()).toBeNull();

    await g.advanceTo(newDeadline);
    expectClosed(g, poll, "adopted", "deadline", newDeadline);
  });
});

describe("the decision register", { timeout: SLOW_MACHINE_MS }, () => {
  it("numbers decisions YYYY-NN in the order polls close, and starts again each year", async () => {
    const { g } = await threeAgencies({ start: "2026-12-20T10:00:00Z" });
    const polls: Poll[] = [];
    for (let i = 0; i < 12; i++) polls.push(await open(g, { title: `Poll ${i}`, closesAt: new Date("2027-03-01T12:00:00Z") }));

    // Closed in another order than opened: the number follows the closing.
    const closingOrder = [3, 0, 1, 2, 4, 5, 6, 7, 8, 9];
    for (const index of closingOrder) {
      g.clock.advance(HOUR);
      must(await withdrawPoll(g.deps, g.operator, polls[index]!.id));
    }
    g.clock.set(new Date("2027-01-02T09:00:00Z"));
    must(await withdrawPoll(g.deps, g.operator, polls[11]!.id));
    must(await withdrawPoll(g.deps, g.operator, polls[10]!.id));

    const numberOf = (index: number) => pollRecords(g, polls[index]!.id).decision()?.number;
    expect(closingOrder.map(numberOf)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    expect([numberOf(11), numberOf(10)]).toEqual(["2027-01", "2027-02"]);
  });

  it("counts the year in the group's time zone", async () => {
    const { g } = await threeAgencies({ start: "2026-12-31T08:00:00Z", timezone: "Pacific/Auckland" });
    const poll = await open(g, { closesAt: new Date("2026-12-31T12:00:00Z") }); // 1 January 2027, 01:00 in Auckland
    await g.advanceTo(poll.closesAt);
    expect(pollRecords(g, poll.id).decision()).toMatchObject({ number: "2027-01", year: 2027, seq: 1 });
  });
});

describe("the audit trail and the outbox", { timeout: SLOW_MACHINE_MS }, () => {
  it("record every change of state of a poll, each change with its own rows", async () => {
    const { g } = await threeAgencies();
    const poll = await open(g);
    const records = pollRecords(g, poll.id);
    const afterOpen = { audit: records.audit().length, outbox: records.outbox().length };
    expect(afterOpen).toEqual({ audit: 1, outbox: 1 });

    await cast(g, g.rep("NASA"), poll.id, "concur");
    expect(records.audit().length).toBe(2);
    expect(records.outbox().length).toBe(2);

    must(await extendPoll(g.deps, g.operator, poll.id, later(poll.closesAt, DAY)));
    expect(records.audit().length).toBe(3);
    expect(records.outbox().length).toBe(4); // the announcement and the card's redraw

    must(await remindPoll(g.deps, g.operator, poll.id));
    expect(records.audit().length).toBe(4);
    expect(records.outbox().filter((m) => m.data["event"] === "poll.reminder").map((m) => m.audience)).toEqual([
      { kind: "agency", agencyId: g.agency("ESA").id },
      { kind: "agency", agencyId: g.agency("JAXA").id },
    ]);

    must(await closePoll(g.deps, g.operator, poll.id));
    expect(records.audit().map((a) => a.action)).toEqual(["poll.opened", "position.cast", "poll.extended", "poll.reminded", "poll.closed"]);
    expect(records.outbox().map((m) => m.data["event"])).toEqual([
      "poll.opened",
      "poll.tally",
      "poll.extended",
      "poll.card",
      "poll.reminder",
      "poll.reminder",
      "poll.closed",
      "poll.card",
    ]);
    const closed = records.outbox().find((m) => m.data["event"] === "poll.closed")!;
    expect(closed.text).toMatch(new RegExp(`^Decision 2026-01: poll #${poll.id} .* is lapsed \\(closed early\\)`));
    expect(records.outbox().every((m) => m.status === "pending")).toBe(true);
  });
});
