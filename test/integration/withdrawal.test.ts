// An agency withdraws while a poll is open: it leaves the electorate at once, its position stops
// counting, its representatives lose their voice, and the poll closes if nobody else is awaited.
import { afterEach, describe, expect, it } from "vitest";
import { withdrawAgency } from "../../src/core/agencies/manageAgencies.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Poll, Procedure, Stance } from "../../src/core/polls/poll.ts";
import { handOverChair } from "../../src/core/chair/handOverChair.ts";
import { buildGroup, must, shellUser, type TestGroup } from "../support/group.ts";
import { expectRefusedWithoutWrites, outboxRows, run } from "../support/governance.ts";
import { DAY, HOUR, later } from "../support/time.ts";
import { SLOW_MACHINE_MS, pollRecords } from "./pollRecords.ts";

/** The group the running test built, removed after it whatever happened. */
let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

/** NASA, ESA, JAXA and CSA with two representatives each, and one open poll. */
async function fourAgenciesAndAPoll(procedure: Procedure = "consensus"): Promise<{ g: TestGroup; poll: Poll }> {
  const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA", "CSA"], representatives: 2 }));
  const poll = must(await openPoll(g.deps, g.operator, { title: "Joint calibration campaign", closesAt: later(g.clock.now(), 7 * DAY), procedure }));
  return { g, poll };
}

async function cast(g: TestGroup, code: string, pollId: number, stance: Stance, reason?: string) {
  return must(await castPosition(g.deps, g.rep(code), { pollId, stance, reason }));
}

const received = "2026-05-28";

describe("an agency withdrawing during a poll", { timeout: SLOW_MACHINE_MS }, () => {
  it("leaves the electorate, its objection stops blocking, and its representatives are refused", async () => {
    const { g, poll } = await fourAgenciesAndAPoll();
    const records = pollRecords(g, poll.id);
    const esa = g.agency("ESA").id;
    await cast(g, "NASA", poll.id, "concur");
    await cast(g, "ESA", poll.id, "object", "We are leaving the campaign");

    g.clock.advance(HOUR);
    const { recounted } = must(await withdrawAgency(g.deps, g.operator, "esa", received));
    expect(recounted).toEqual([poll.id]);
    expect(records.electors().find((e) => e.agencyId === esa)?.removedAt).not.toBeNull();
    expect(records.electors().filter((e) => e.removedAt === null)).toHaveLength(3);
    // JAXA and CSA are still awaited.
    expect(records.poll().status).toBe("open");

    for (const rep of g.agency("ESA").representatives) {
      await expectRefusedWithoutWrites(g, () => castPosition(g.deps, rep, { pollId: poll.id, stance: "concur" }), "not_in_electorate");
    }

    await cast(g, "JAXA", poll.id, "concur");
    const last = await cast(g, "CSA", poll.id, "abstain");
    expect(last.tally).toMatchObject({ electorate: 3, responded: 3, object: 0, objections: [] });
    expect(last.closedWith).toBe("adopted");
    expect(records.decision()).toMatchObject({ outcome: "adopted", objections: [], tally: { electorate: 3, responded: 3, concur: 2, abstain: 1, object: 0 } });
    // Its position stays on record, as history, though it no longer counts.
    expect(records.history().filter((c) => c.agencyId === esa).map((c) => c.stance)).toEqual(["object"]);
  });

  it("closes the poll at once when every remaining agency has already responded", async () => {
    const { g, poll } = await fourAgenciesAndAPoll();
    const records = pollRecords(g, poll.id);
    for (const code of ["NASA", "JAXA", "CSA"]) await cast(g, code, poll.id, "concur");
    expect(records.poll().status).toBe("open"); // ESA is still awaited

    g.clock.advance(DAY);
    must(await withdrawAgency(g.deps, g.operator, "ESA", received));

    expect(records.poll()).toMatchObject({ status: "closed", outcome: "adopted", closedAt: g.clock.now() });
    expect(records.decision()).toMatchObject({ number: "2026-01", tally: { electorate: 3, responded: 3, concur: 3 } });
    expect(records.audit().at(-1)).toMatchObject({ action: "poll.closed", details: { outcome: "adopted", closedBy: "all responded" } });
    expect(records.jobs().every((j) => j.status === "cancelled")).toBe(true);
    const closed = records.outbox().find((m) => m.data["event"] === "poll.closed");
    expect(closed?.text).toContain(`#${poll.id}`);
    expect(closed?.text).toContain("is adopted");

    const [announcement] = g.rows<{ text: string }>(`SELECT text FROM "OutboxMessage" WHERE idempotencyKey = ?`, `agency:${g.agency("ESA").id}:withdrawn`);
    expect(announcement?.text).toContain(`#${poll.id}`);
    const [entry] = g.rows<{ details: string }>(`SELECT details FROM "AuditEntry" WHERE action = 'agency.withdrawn'`);
    expect(JSON.parse(entry!.details)).toEqual({ received, recounted: [poll.id] });
  });

  it("an objection from the withdrawn agency no longer blocks at the deadline either", async () => {
    const { g, poll } = await fourAgenciesAndAPoll();
    await cast(g, "ESA", poll.id, "object", "No budget");
    await cast(g, "NASA", poll.id, "concur");
    await cast(g, "JAXA", poll.id, "concur");
    must(await withdrawAgency(g.deps, g.operator, "ESA", received));

    await g.advanceTo(poll.closesAt);
    expect(pollRecords(g, poll.id).decision()).toMatchObject({ outcome: "adopted", objections: [], tally: { electorate: 3, responded: 2, object: 0, quorumNeeded: 2 } });
  });

  it("is no longer reminded: reminders go only to the remaining agencies that have not responded", async () => {
    const { g, poll } = await fourAgenciesAndAPoll();
    await cast(g, "NASA", poll.id, "concur");
    must(await withdrawAgency(g.deps, g.operator, "ESA", received));

    const at = later(poll.closesAt, -72 * HOUR);
    expect(await g.advanceTo(at)).toBe(1);
    const reminded = pollRecords(g, poll.id)
      .outbox()
      .filter((m) => m.data["event"] === "poll.reminder")
      .map((m) => m.audience["agencyId"]);
    expect(reminded).toEqual([g.agency("JAXA").id, g.agency("CSA").id]);
  });

  it("does not close a silence-procedure poll early, though the others have all responded", async () => {
    const { g, poll } = await fourAgenciesAndAPoll("silence");
    for (const code of ["NASA", "JAXA", "CSA"]) await cast(g, code, poll.id, "concur");
    must(await withdrawAgency(g.deps, g.operator, "ESA", received));
    expect(pollRecords(g, poll.id).poll().status).toBe("open");
  });

  it("leaves closed polls as they were decided, and is not recorded twice", async () => {
    const { g, poll } = await fourAgenciesAndAPoll();
    await cast(g, "ESA", poll.id, "object", "No budget");
    for (const code of ["NASA", "JAXA", "CSA"]) await cast(g, code, poll.id, "concur");
    // The objection keeps the poll open; the chair's side closes it.
    must(await closePoll(g.deps, g.operator, poll.id));
    const decided = pollRecords(g, poll.id).decision();
    expect(decided?.outcome).toBe("not adopted");

    const { recounted } = must(await withdrawAgency(g.deps, g.operator, "ESA", received));
    expect(recounted).toEqual([]);
    expect(pollRecords(g, poll.id).decision()).toEqual(decided);
    expect(pollRecords(g, poll.id).electors().every((e) => e.removedAt === null)).toBe(true);

    await expectRefusedWithoutWrites(g, () => withdrawAgency(g.deps, g.operator, "ESA", received), "agency_already_withdrawn");
    await expectRefusedWithoutWrites(g, () => withdrawAgency(g.deps, g.rep("NASA"), "JAXA", received), "role_required");
  });
});

describe("the written notification of a withdrawal", () => {
  it("cannot have been received in the future, read in the group's zone, and a refusal writes nothing", async () => {
    // 23:30 UTC on 31 May is already 1 June in Paris: the 1st has come there, the 2nd has not.
    const g = (built = await buildGroup({ agencies: ["NASA", "ESA"], timezone: "Europe/Paris", start: "2026-05-31T23:30:00Z" }));
    const said = await expectRefusedWithoutWrites(g, () => withdrawAgency(g.deps, g.operator, "ESA", "2026-06-02"), "date_in_future");
    expect(said).toContain("received:2026-06-02 is in the future");
    await expectRefusedWithoutWrites(g, () => withdrawAgency(g.deps, g.operator, "ESA", "2026-02-30"), "invalid_date");
    must(await withdrawAgency(g.deps, g.operator, "ESA", "2026-06-01"));
  });

  it("is announced as the calendar day typed, whatever the group's zone", async () => {
    for (const timezone of ["Europe/Paris", "Pacific/Auckland", "America/Los_Angeles"]) {
      const g = (built = await buildGroup({ agencies: ["NASA", "ESA"], timezone }));
      must(await withdrawAgency(g.deps, g.operator, "ESA", "2026-05-28"));
      const announced = outboxRows(g).find((m) => m.data["event"] === "agency.withdrawn");
      expect(announced!.text, timezone).toContain("received 2026-05-28.");
      const reply = await run(g, g.operator, "/agency withdraw code:NASA received:2026-05-29");
      expect(outboxRows(g).filter((m) => m.data["event"] === "agency.withdrawn").at(-1)!.text, `${timezone} ${reply.text}`).toContain("received 2026-05-29.");
      await built.cleanup();
      built = null;
    }
  });

  it("alerts the Secretariat at once when the chair's agency withdraws, and only then", async () => {
    const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] }));
    must(await handOverChair(g.deps, g.operator, { agency: "ESA", user: shellUser("esa1"), from: "2026-05-01" }));
    const jaxa = must(await withdrawAgency(g.deps, g.operator, "JAXA", "2026-05-30"));
    expect(jaxa.chairAlerted).toBe(false);
    expect(outboxRows(g).filter((m) => m.data["event"] === "chair.agency-withdrawn")).toEqual([]);
    const esa = must(await withdrawAgency(g.deps, g.operator, "ESA", "2026-05-30"));
    expect(esa.chairAlerted).toBe(true);
    const [alert] = outboxRows(g).filter((m) => m.data["event"] === "chair.agency-withdrawn");
    expect(alert).toMatchObject({ audience: { kind: "channel", purpose: "secretariat" }, data: { agency: "ESA", chair: "esa1" } });
    expect(alert!.text).toContain("/chair set");
  });
});
