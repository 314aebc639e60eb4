// The chair's terms and handovers, their alerts at 12 and 18 months, and the mandate's alerts, through
// the real core and scheduler on SQLite. The group works in Europe/Paris, so 09:00 local moves with
// daylight saving time.
import { afterEach, describe, expect, it } from "vitest";
import { chairStatus } from "../../src/core/chair/chairStatus.ts";
import { handOverChair, type ChairHandoverInput } from "../../src/core/chair/handOverChair.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { grantRole, revokeRole } from "../../src/core/people/manageRoles.ts";
import { setMandate } from "../../src/core/setup/configureGroup.ts";
import { buildGroup, legacyChairRole, must, shellUser, type TestGroup } from "../support/group.ts";
import { auditRows, expectRefusedWithoutWrites, jobRows, outboxRows, run } from "../support/governance.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const ZONE = "Europe/Paris";
const handover = (agency: string, handle: string, from: string): ChairHandoverInput => ({ agency, user: shellUser(handle), from });
const rolesOf = (handle: string) => g.rows<{ role: string }>(`SELECT r.role FROM RoleGrant r JOIN Person p ON p.id = r.personId WHERE p.handle = ? ORDER BY r.role`, handle).map((r) => r.role);
const terms = () => g.rows<{ id: number; personId: number; startsOn: string; endedOn: string | null }>(`SELECT id, personId, startsOn, endedOn FROM ChairTerm ORDER BY id`);

describe("/chair set", () => {
  it("opens the first term, grants the chair role, announces it and schedules the alerts at 12 and 18 months, 09:00 local", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: ZONE });
    const r = must(await handOverChair(g.deps, g.operator, handover("nasa", "nasa1", "2026-05-15")));

    expect(r.previous).toBeNull();
    expect(terms()).toEqual([expect.objectContaining({ startsOn: "2026-05-15", endedOn: null })]);
    expect(rolesOf("nasa1")).toEqual(["chair"]);
    expect(jobRows(g, "chair.").map((j) => [j.kind, j.dueAt.toISOString(), j.status])).toEqual([
      ["chair.succession", "2027-05-15T07:00:00.000Z", "pending"], // CEST
      ["chair.overdue", "2027-11-15T08:00:00.000Z", "pending"], // CET
    ]);
    expect(auditRows(g, "chair.handover")).toEqual([expect.objectContaining({ subject: "chair", details: expect.objectContaining({ agency: "NASA", person: "nasa1", from: "2026-05-15", previous: null }) })]);
    expect(auditRows(g, "role.granted").at(-1)).toMatchObject({ subject: "person:nasa1", details: { role: "chair" } });
    const announced = outboxRows(g).find((m) => m.idempotencyKey === `chair:term:${r.term.id}:announced`)!;
    expect(announced.audience).toEqual({ kind: "channel", purpose: "announcements" });
    expect(announced.text).toBe("nasa1 (NASA) chairs the group from 2026-05-15.");
  });

  it("records a handover: the term ends the day the successor starts, the role changes hands, the old alerts give way to new ones", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: ZONE });
    const first = must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2025-07-01")));
    const second = must(await handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-06-01")));

    expect(second.previous).toMatchObject({ handle: "nasa1", code: "NASA", term: { id: first.term.id, endedOn: "2026-06-01" } });
    expect(terms().map((t) => [t.startsOn, t.endedOn])).toEqual([
      ["2025-07-01", "2026-06-01"],
      ["2026-06-01", null],
    ]);
    expect(rolesOf("nasa1")).toEqual([]);
    expect(rolesOf("esa1")).toEqual(["chair"]);
    expect(second.revoked).toEqual(["nasa1"]);
    const jobs = jobRows(g, "chair.");
    expect(jobs.filter((j) => j.payload["termId"] === first.term.id).map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    expect(jobs.filter((j) => j.payload["termId"] === second.term.id).map((j) => [j.kind, j.status])).toEqual([
      ["chair.succession", "pending"],
      ["chair.overdue", "pending"],
    ]);
    expect(outboxRows(g).find((m) => m.idempotencyKey === `chair:term:${second.term.id}:announced`)?.text).toBe(
      "esa1 (ESA) chairs the group from 2026-06-01, succeeding nasa1 (NASA), chair since 2025-07-01.",
    );

    const status = must(await chairStatus(g.deps, g.rep("ESA")));
    expect(status.current).toMatchObject({ handle: "esa1", code: "ESA", startsOn: "2026-06-01", elapsed: { months: 0, days: 0 }, stage: "in term" });
    expect(status.history.map((t) => [t.handle, t.startsOn, t.endedOn])).toEqual([
      ["nasa1", "2025-07-01", "2026-06-01"],
      ["esa1", "2026-06-01", null],
    ]);
  });

  it("takes the chair role from whoever held it by /role grant before terms were recorded", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    await legacyChairRole(g, "esa1");
    const r = must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2026-06-01")));
    expect(r.revoked).toEqual(["esa1"]);
    expect(rolesOf("esa1")).toEqual([]);
    expect(auditRows(g, "role.revoked")).toEqual([expect.objectContaining({ subject: "person:esa1", details: expect.objectContaining({ role: "chair" }) })]);
  });

  it("refuses /role grant and /role revoke of the chair role, pointing to /chair set, and changes nothing", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2026-05-01")));
    const granted = await expectRefusedWithoutWrites(g, () => grantRole(g.deps, g.operator, shellUser("esa1"), "chair"), "chair_by_term");
    expect(granted).toContain("/chair set agency:CODE user:USER from:DATE");
    expect(await expectRefusedWithoutWrites(g, () => revokeRole(g.deps, g.operator, shellUser("nasa1"), "chair"), "chair_by_term")).toContain("/chair set");
    expect((await run(g, g.operator, "/role grant user:esa1 role:chair")).text).toContain("/chair set");
    // The Secretariat role is still granted as before.
    must(await grantRole(g.deps, g.operator, shellUser("esa1"), "secretariat"));
    expect(rolesOf("nasa1")).toEqual(["chair"]);
  });

  it("corrects the start date of the current term, with the previous term's end and the alerts", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: ZONE });
    must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2025-07-01")));
    must(await handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-05-20")));
    const before = jobRows(g, "chair.").filter((j) => j.status === "pending").map((j) => j.dueAt.toISOString());
    const r = must(await handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-05-10")));
    expect(r.correctedFrom).toBe("2026-05-20");
    expect(r.term.startsOn).toBe("2026-05-10");
    const status = must(await chairStatus(g.deps, g.operator));
    expect(status.history.map((t) => [t.handle, t.startsOn, t.endedOn])).toEqual([
      ["nasa1", "2025-07-01", "2026-05-10"],
      ["esa1", "2026-05-10", null],
    ]);
    const after = jobRows(g, "chair.").filter((j) => j.status === "pending").map((j) => j.dueAt.toISOString());
    expect(after).toEqual(["2027-05-10T07:00:00.000Z", "2027-11-10T08:00:00.000Z"]);
    expect(after).not.toEqual(before);
    expect(outboxRows(g).find((m) => m.data["event"] === "chair.start-corrected")!.text).toBe("Correction: esa1 (ESA) has chaired the group since 2026-05-10, not 2026-05-20.");
    // Not before the previous chair's own start, not in the future, and the same date changes nothing.
    await expectRefusedWithoutWrites(g, () => handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2025-06-30")), "chair_handover_too_early");
    await expectRefusedWithoutWrites(g, () => handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-12-01")), "date_in_future");
    await expectRefusedWithoutWrites(g, () => handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-05-10")), "chair_unchanged");
  });

  describe("refusals, which change nothing", () => {
    const cases: [string, string, ChairHandoverInput, Record<string, unknown>][] = [
      ["from a delegate", "esa1", handover("ESA", "esa1", "2026-06-01"), { reason: "role_required" }],
      ["for an unknown agency", "operator", handover("XYZ", "esa1", "2026-06-01"), { reason: "agency_not_found", code: "XYZ" }],
      ["for an agency that does not participate", "operator", handover("ISRO", "esa1", "2026-06-01"), { reason: "agency_not_participating", code: "ISRO", status: "invited" }],
      ["for someone unknown", "operator", handover("ESA", "nobody", "2026-06-01"), { reason: "person_not_found", handle: "nobody" }],
      ["for someone of another agency", "operator", handover("ESA", "nasa1", "2026-06-01"), { reason: "chair_not_representative", handle: "nasa1", code: "ESA" }],
      ["from a day not yet come", "operator", handover("ESA", "esa1", "2026-06-02"), { reason: "date_in_future", option: "from" }],
      ["from a day that does not exist", "operator", handover("ESA", "esa1", "2026-02-30"), { reason: "invalid_date", option: "from" }],
      ["before the current chair took office", "operator", handover("ESA", "esa1", "2026-04-30"), { reason: "chair_handover_too_early", since: "2026-05-01", handle: "nasa1" }],
      ["for the current chair, on the day their term began", "operator", handover("NASA", "nasa1", "2026-05-01"), { reason: "chair_unchanged", handle: "nasa1", since: "2026-05-01" }],
    ];
    it.each(cases)("refuses a handover %s", async (_, who, input, refusal) => {
      g = await buildGroup({ agencies: ["NASA", "ESA"] });
      must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO", status: "invited", frameworkContributor: true }));
      must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2026-05-01")));
      const before = g.snapshot();
      const r = await handOverChair(g.deps, g.caller(who), input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.refusal).toMatchObject(refusal);
      expect(g.snapshot()).toEqual(before);
    });
  });
});

describe("the chair's alerts", () => {
  it("remind the Secretariat at 12 months and alert it at 18, in its channel", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: ZONE });
    const r = must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2026-06-01")));

    await g.advanceTo("2027-06-01T06:59:00Z");
    expect(outboxRows(g).filter((m) => m.data["event"] === "chair.succession")).toEqual([]);
    await g.advanceTo("2027-06-01T07:00:00Z");
    const succession = outboxRows(g).filter((m) => m.data["event"] === "chair.succession");
    expect(succession).toHaveLength(1);
    expect(succession[0]!.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(succession[0]!.text).toContain("nasa1 (NASA) has chaired the group for 12 months, since 2026-06-01");
    expect(succession[0]!.text).toContain("/chair set");

    await g.advanceTo("2027-12-01T08:00:00Z");
    const overdue = outboxRows(g).filter((m) => m.data["event"] === "chair.overdue");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.text).toContain("overdue");
    expect(overdue[0]!.text).toContain("18 months");

    const status = must(await chairStatus(g.deps, g.operator));
    expect(status.current).toMatchObject({ elapsed: { months: 18, days: 0 }, stage: "overdue" });
    const reply = await run(g, g.operator, "/chair status");
    expect(reply.text).toContain("Chair: nasa1 (NASA) since 2026-06-01, 1 year 6 months so far");
    expect(reply.text).toContain("The term is overdue.");
    expect(reply.data?.["chair"]).toMatchObject({ chair: "nasa1", since: "2026-06-01", months: 18, stage: "overdue" });
    expect(r.term.id).toBe(status.current?.id);
  });

  it("say nothing about a term that has ended, even if one of its alerts comes due", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], timezone: ZONE });
    const first = must(await handOverChair(g.deps, g.operator, handover("NASA", "nasa1", "2025-07-01")));
    must(await handOverChair(g.deps, g.operator, handover("ESA", "esa1", "2026-06-01")));
    // As if the cancelled job had been claimed anyway (a race, or an older version): it checks the term first.
    await g.deps.store.transaction((tx) =>
      tx.jobs.schedule({ groupId: g.groupId, kind: "chair.succession", dueAt: new Date("2026-07-01T07:00:00Z"), payload: { termId: first.term.id, months: 12 }, dedupeKey: "stale-chair-alert" }),
    );
    await g.advanceTo("2026-07-01T07:00:00Z");
    expect(outboxRows(g).filter((m) => String(m.data["event"]).startsWith("chair.") && m.data["event"] !== "chair.handover")).toEqual([]);
    expect(jobRows(g, "chair.").find((j) => j.dedupeKey === "stale-chair-alert")?.status).toBe("done");
  });
});

describe("the mandate's alerts", () => {
  it("fall 12 and 6 months before the mandate ends, 09:00 local, and a new end date replaces them", async () => {
    g = await buildGroup({ timezone: ZONE });
    must(await setMandate(g.deps, g.operator, "2030-12-31"));
    expect(jobRows(g, "mandate.").map((j) => [j.dueAt.toISOString(), j.status, j.payload["months"]])).toEqual([
      ["2029-12-31T08:00:00.000Z", "pending", 12],
      ["2030-06-30T07:00:00.000Z", "pending", 6],
    ]);

    must(await setMandate(g.deps, g.operator, "2031-12-31"));
    const jobs = jobRows(g, "mandate.");
    expect(jobs.filter((j) => j.payload["endsOn"] === "2030-12-31").map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    expect(jobs.filter((j) => j.payload["endsOn"] === "2031-12-31").map((j) => [j.dueAt.toISOString(), j.status])).toEqual([
      ["2030-12-31T08:00:00.000Z", "pending"],
      ["2031-06-30T07:00:00.000Z", "pending"],
    ]);

    await g.advanceTo("2030-12-31T08:00:00Z");
    const alerts = outboxRows(g).filter((m) => m.data["event"] === "mandate.alert");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    expect(alerts[0]!.text).toContain("ends on 2031-12-31, in 12 months");
    expect(alerts[0]!.text).toContain("consensus");
  });

  it("skips the alerts already past, and refuses a date that does not exist without changing anything", async () => {
    g = await buildGroup();
    must(await setMandate(g.deps, g.operator, "2026-09-30"));
    expect(jobRows(g, "mandate.")).toEqual([]);
    const before = g.snapshot();
    expect(await setMandate(g.deps, g.operator, "2030-02-30")).toEqual({ ok: false, refusal: { reason: "invalid_date", option: "ends", value: "2030-02-30" } });
    expect(g.snapshot()).toEqual(before);
  });

  it("refuses an end already past, takes today, and announces the day the mandate ends", async () => {
    g = await buildGroup({ timezone: ZONE, start: "2026-06-01T09:00:00Z" });
    const said = await expectRefusedWithoutWrites(g, () => setMandate(g.deps, g.operator, "2026-05-31"), "date_in_past");
    expect(said).toContain("ends:");
    expect(said).not.toContain("duration");
    must(await setMandate(g.deps, g.operator, "2030-12-31"));
    const [announced] = outboxRows(g).filter((m) => m.data["event"] === "group.mandate");
    expect(announced).toMatchObject({ audience: { kind: "channel", purpose: "announcements" }, data: { endsOn: "2030-12-31" } });
    expect(announced!.text).toContain("runs to 2030-12-31, its last day");
    must(await setMandate(g.deps, g.operator, "2026-06-01"));
    expect(outboxRows(g).filter((m) => m.data["event"] === "group.mandate").at(-1)!.text).toContain("runs to 2026-06-01, its last day (it was to end on 2030-12-31)");
  });
});
