// Membership through the real core on a real SQLite file: join requests and their polls, admission
// by consensus, Framework Document contributors accepting the Terms of Reference, and withdrawal.
import { afterEach, describe, expect, it } from "vitest";
import { acceptTermsOfReference, addAgency, withdrawAgency } from "../../src/core/agencies/manageAgencies.ts";
import { requestMembership } from "../../src/core/membership/requestMembership.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { withdrawPoll } from "../../src/core/polls/withdrawPoll.ts";
import { buildGroup, legacyChairRole, must, shellUser, type TestGroup } from "../support/group.ts";
import { auditRows, expectRefusedWithoutWrites, outboxRows } from "../support/governance.ts";
import { DAY } from "../support/time.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const kari = { code: "KARI", name: "Korea Aerospace Research Institute", receivedOn: "2026-05-20", objectives: "Robotic lunar exploration and a share of the Gateway effort" };

async function agencyRow(code: string) {
  return g.rows<{ id: number; status: string; name: string; joinedAt: number | null; withdrawnAt: number | null }>(`SELECT id, status, name, joinedAt, withdrawnAt FROM Agency WHERE code = ?`, code)[0];
}

describe("a join request", () => {
  it("records the request, makes the agency an applicant, informs the chair and the agencies, and opens a membership poll without the applicant", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    await legacyChairRole(g, "chiyo");
    const now = g.clock.now();

    const r = must(await requestMembership(g.deps, g.operator, kari));

    expect(r.created).toBe(true);
    expect(r.agency).toMatchObject({ code: "KARI", status: "applicant", name: kari.name });
    const [request] = g.rows<{ agencyId: number; receivedOn: string; objectives: string; pollId: number }>(`SELECT agencyId, receivedOn, objectives, pollId FROM JoinRequest`);
    expect(request).toEqual({ agencyId: r.agency.id, receivedOn: "2026-05-20", objectives: kari.objectives, pollId: r.poll.id });

    expect(r.poll.kind).toBe("membership");
    expect(r.poll.subject).toMatchObject({ agencyId: r.agency.id });
    expect(r.poll.closesAt.getTime()).toBe(now.getTime() + 14 * DAY);
    const electors = g.rows<{ agencyId: number }>(`SELECT agencyId FROM PollElector WHERE pollId = ? ORDER BY agencyId`, r.poll.id).map((e) => e.agencyId);
    expect(electors).toEqual(g.agencies.map((a) => a.id).sort((a, b) => a - b));
    expect(electors).not.toContain(r.agency.id);

    const out = outboxRows(g);
    const announced = out.find((m) => m.idempotencyKey === `join-request:${r.request.id}:announced`)!;
    expect(announced.audience).toEqual({ kind: "channel", purpose: "announcements" });
    expect(announced.text).toContain("received 2026-05-20");
    expect(announced.text).toContain(kari.objectives);
    const card = out.find((m) => m.idempotencyKey === `poll:${r.poll.id}:opened`)!;
    expect(card.id).toBeGreaterThan(announced.id); // the request is announced before its poll
    expect(out.find((m) => m.idempotencyKey === `join-request:${r.request.id}:secretariat`)?.audience).toEqual({ kind: "channel", purpose: "secretariat" });
    const chair = g.rows<{ id: number }>(`SELECT id FROM Person WHERE handle = 'chiyo'`)[0]!;
    expect(out.find((m) => m.idempotencyKey === `join-request:${r.request.id}:chair:${chair.id}`)?.audience).toEqual({ kind: "person", personId: chair.id });

    expect(auditRows(g, "membership.requested")).toEqual([expect.objectContaining({ subject: "agency:KARI", details: expect.objectContaining({ receivedOn: "2026-05-20", objectives: kari.objectives }) })]);
    expect(auditRows(g, "poll.opened")).toHaveLength(1);
  });

  it("takes the deadline it is given", async () => {
    g = await buildGroup();
    const closesAt = new Date(g.clock.now().getTime() + 30 * DAY);
    const r = must(await requestMembership(g.deps, g.operator, { ...kari, closesAt }));
    expect(r.poll.closesAt).toEqual(closesAt);
  });

  it("admits the applicant once the agencies adopt it, and the applicant never votes on its own admission", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const r = must(await requestMembership(g.deps, g.operator, kari));
    must(await addDelegate(g.deps, g.operator, { agency: "KARI", user: shellUser("hyun"), head: true }));

    const own = await castPosition(g.deps, g.caller("hyun"), { pollId: r.poll.id, stance: "concur" });
    expect(own).toEqual({ ok: false, refusal: { reason: "not_in_electorate", id: r.poll.id, code: "KARI" } });

    must(await castPosition(g.deps, g.rep("NASA"), { pollId: r.poll.id, stance: "concur" }));
    const last = must(await castPosition(g.deps, g.rep("ESA"), { pollId: r.poll.id, stance: "concur" }));
    expect(last.closedWith).toBe("adopted");

    const row = await agencyRow("KARI");
    expect(row?.status).toBe("participating");
    expect(row?.joinedAt).not.toBeNull();
    expect(auditRows(g, "agency.admitted")).toEqual([expect.objectContaining({ subject: "agency:KARI", details: { pollId: r.poll.id } })]);

    // A member now: it takes part in the next poll.
    const next = must(await openPoll(g.deps, g.operator, { title: "Next", closesAt: new Date(g.clock.now().getTime() + DAY) }));
    expect(g.rows(`SELECT agencyId FROM PollElector WHERE pollId = ? AND agencyId = ?`, next.id, r.agency.id)).toHaveLength(1);
  });

  it("records the applicant as not admitted when the poll is not adopted, and a new request may follow", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const first = must(await requestMembership(g.deps, g.operator, kari));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: first.poll.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: first.poll.id, stance: "object", reason: "Objectives too vague" }));
    expect((await agencyRow("KARI"))?.status).toBe("applicant");
    await g.advanceTo(first.poll.closesAt);
    expect((await agencyRow("KARI"))?.status).toBe("not admitted");
    const notice = outboxRows(g).find((m) => m.data["event"] === "agency.not-admitted");
    expect(notice).toMatchObject({ audience: { kind: "channel", purpose: "announcements" }, data: { agency: "KARI", outcome: "not adopted" } });
    expect(notice!.text).toContain("/membership request code:KARI");

    g.clock.advance(DAY);
    const second = must(await requestMembership(g.deps, g.operator, { ...kari, receivedOn: "2026-06-01", objectives: "A detailed plan" }));
    expect(second.created).toBe(false);
    expect(second.poll.id).not.toBe(first.poll.id);
    expect(g.rows(`SELECT id FROM JoinRequest WHERE agencyId = ?`, second.agency.id)).toHaveLength(2);
    expect(second.agency.status).toBe("applicant");
  });

  it.each(["lapsed", "withdrawn"] as const)("records the applicant as not admitted when its poll is %s, and it may apply again", async (outcome) => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const first = must(await requestMembership(g.deps, g.operator, kari));
    if (outcome === "withdrawn") must(await withdrawPoll(g.deps, g.operator, first.poll.id));
    else await g.advanceTo(first.poll.closesAt);
    expect(g.rows<{ outcome: string }>(`SELECT outcome FROM Poll WHERE id = ?`, first.poll.id)[0]!.outcome).toBe(outcome);
    expect((await agencyRow("KARI"))?.status).toBe("not admitted");
    expect(auditRows(g, "agency.not-admitted").map((a) => a.details)).toEqual([{ pollId: first.poll.id, outcome }]);
    const again = must(await requestMembership(g.deps, g.operator, { ...kari, objectives: "Again" }));
    expect(again.agency.status).toBe("applicant");
    // Admitted at last: the announcement says to add its representatives.
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: again.poll.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: again.poll.id, stance: "concur" }));
    expect((await agencyRow("KARI"))?.status).toBe("participating");
    const admitted = outboxRows(g).find((m) => m.data["event"] === "agency.admitted");
    expect(admitted!.text).toContain("/delegate add agency:KARI user:USER head:true");
  });

  it("refuses a request while no agency participates to decide on it, and writes nothing", async () => {
    g = await buildGroup({ agencies: 0 });
    await expectRefusedWithoutWrites(g, () => requestMembership(g.deps, g.operator, kari), "no_electorate");
  });

  it("lets a withdrawn agency apply again", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    must(await withdrawAgency(g.deps, g.operator, "JAXA", "2026-05-01"));
    const r = must(await requestMembership(g.deps, g.operator, { code: "jaxa", name: "Japan Aerospace Exploration Agency", receivedOn: "2026-05-30", objectives: "Return" }));
    expect(r.created).toBe(false);
    expect(r.agency).toMatchObject({ code: "JAXA", status: "applicant", name: "Japan Aerospace Exploration Agency" });
    expect(g.rows(`SELECT agencyId FROM PollElector WHERE pollId = ? AND agencyId = ?`, r.poll.id, r.agency.id)).toHaveLength(0);
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: r.poll.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: r.poll.id, stance: "abstain" }));
    const row = await agencyRow("JAXA");
    expect(row).toMatchObject({ status: "participating", withdrawnAt: null });
  });

  it("does not admit an applicant whose withdrawal was recorded while its poll ran", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const r = must(await requestMembership(g.deps, g.operator, kari));
    must(await withdrawAgency(g.deps, g.operator, "KARI", "2026-06-01"));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: r.poll.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: r.poll.id, stance: "concur" }));
    expect((await agencyRow("KARI"))?.status).toBe("withdrawn");
    expect(auditRows(g, "agency.admitted")).toHaveLength(0);
  });

  it("closes its poll at the deadline through the scheduler like any other", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    const r = must(await requestMembership(g.deps, g.operator, kari));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: r.poll.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: r.poll.id, stance: "concur" }));
    await g.advanceTo(r.poll.closesAt);
    expect(g.rows<{ outcome: string }>(`SELECT outcome FROM Poll WHERE id = ?`, r.poll.id)[0]?.outcome).toBe("adopted");
    expect((await agencyRow("KARI"))?.status).toBe("participating");
  });

  describe("refusals, which change nothing and say what to do", () => {
    const cases: [string, (g: TestGroup) => Promise<unknown>, Record<string, unknown>][] = [
      ["from someone outside the Secretariat", (g) => requestMembership(g.deps, g.rep("NASA"), kari), { reason: "role_required" }],
      ["for an agency that already participates", (g) => requestMembership(g.deps, g.operator, { ...kari, code: "esa" }), { reason: "agency_already_member", code: "ESA" }],
      ["for an invited Framework Document contributor", (g) => requestMembership(g.deps, g.operator, { ...kari, code: "ISRO" }), { reason: "agency_invited_contributor", code: "ISRO" }],
      ["received in the future", (g) => requestMembership(g.deps, g.operator, { ...kari, receivedOn: "2026-06-02" }), { reason: "date_in_future", option: "received" }],
      ["received on a day that does not exist", (g) => requestMembership(g.deps, g.operator, { ...kari, receivedOn: "2026-02-30" }), { reason: "invalid_date", option: "received" }],
      ["with a deadline already past", (g) => requestMembership(g.deps, g.operator, { ...kari, closesAt: new Date("2026-05-31T00:00:00Z") }), { reason: "date_in_past", option: "closes" }],
      ["while the agency's request is already before a poll", (g) => requestMembership(g.deps, g.operator, kari), { reason: "membership_request_pending", code: "KARI" }],
      ["as a membership poll opened by hand", (g) => openPoll(g.deps, g.operator, { title: "Admit KARI", kind: "membership", closesAt: new Date("2026-07-01") }), { reason: "membership_needs_request" }],
    ];
    it.each(cases)("refuses a request %s", async (_, attempt, refusal) => {
      g = await buildGroup({ agencies: ["NASA", "ESA"] });
      must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO", status: "invited", frameworkContributor: true }));
      const pending = must(await requestMembership(g.deps, g.operator, kari));
      expect(pending.poll.status).toBe("open");
      const before = g.snapshot();
      const r = (await attempt(g)) as { ok: boolean; refusal: Record<string, unknown> };
      expect(r.ok).toBe(false);
      expect(r.refusal).toMatchObject(refusal);
      expect(g.snapshot()).toEqual(before);
    });

    it("accepts a request from an agency invited without being a Framework Document contributor", async () => {
      g = await buildGroup({ agencies: ["NASA"] });
      must(await addAgency(g.deps, g.operator, { code: "UKSA", name: "UK Space Agency", status: "invited" }));
      const r = must(await requestMembership(g.deps, g.operator, { ...kari, code: "UKSA", name: "UK Space Agency" }));
      expect(r.agency.status).toBe("applicant");
    });
  });
});

describe("a Framework Document contributor accepting the Terms of Reference", () => {
  it("joins at once without a poll, is recorded and announced, and votes in polls opened afterwards only", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const isro = must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "Indian Space Research Organisation", status: "invited", frameworkContributor: true }));
    const before = must(await openPoll(g.deps, g.operator, { title: "Before", closesAt: new Date(g.clock.now().getTime() + DAY) }));

    const joined = must(await acceptTermsOfReference(g.deps, g.operator, "isro"));
    expect(joined.status).toBe("participating");
    expect(g.rows(`SELECT id FROM Poll WHERE kind = 'membership'`)).toHaveLength(0);
    expect(auditRows(g, "agency.accepted-tor")).toEqual([expect.objectContaining({ subject: "agency:ISRO" })]);
    expect(outboxRows(g).find((m) => m.idempotencyKey === `agency:${isro.id}:joined`)?.text).toContain("accepted the Terms of Reference");

    const after = must(await openPoll(g.deps, g.operator, { title: "After", closesAt: new Date(g.clock.now().getTime() + DAY) }));
    expect(g.rows(`SELECT agencyId FROM PollElector WHERE pollId = ? AND agencyId = ?`, before.id, isro.id)).toHaveLength(0);
    expect(g.rows(`SELECT agencyId FROM PollElector WHERE pollId = ? AND agencyId = ?`, after.id, isro.id)).toHaveLength(1);
  });

  const refusals: [string, { status?: "participating" | "invited"; frameworkContributor?: boolean }, string, Record<string, unknown>][] = [
    ["an invited agency that did not contribute to the Framework Document", { status: "invited", frameworkContributor: false }, "operator", { reason: "agency_not_invited", status: "invited" }],
    ["an agency already participating", { status: "participating", frameworkContributor: true }, "operator", { reason: "agency_not_invited", status: "participating" }],
    ["a contributor, when a delegate records it", { status: "invited", frameworkContributor: true }, "nasa1", { reason: "role_required" }],
  ];
  it.each(refusals)("is refused for %s, changing nothing", async (_, agency, who, refusal) => {
    g = await buildGroup({ agencies: ["NASA"] });
    must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "ISRO", ...agency }));
    const before = g.snapshot();
    const r = await acceptTermsOfReference(g.deps, g.caller(who), "ISRO");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal).toMatchObject(refusal);
    expect(g.snapshot()).toEqual(before);
  });
});

describe("a withdrawal", () => {
  it("takes effect at once: open polls recount without the agency, and one complete without it closes", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    const closesAt = new Date(g.clock.now().getTime() + 7 * DAY);
    const complete = must(await openPoll(g.deps, g.operator, { title: "Almost complete", closesAt }));
    const blocked = must(await openPoll(g.deps, g.operator, { title: "Blocked by JAXA", closesAt }));
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: complete.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("ESA"), { pollId: complete.id, stance: "concur" }));
    must(await castPosition(g.deps, g.rep("JAXA"), { pollId: blocked.id, stance: "object", reason: "Not ready" }));

    const r = must(await withdrawAgency(g.deps, g.operator, "JAXA", "2026-05-30"));
    expect(r.recounted.sort()).toEqual([complete.id, blocked.id].sort());
    expect(g.rows<{ status: string; outcome: string }>(`SELECT status, outcome FROM Poll WHERE id = ?`, complete.id)[0]).toEqual({ status: "closed", outcome: "adopted" });
    const decision = g.rows<{ tally: string }>(`SELECT tally FROM Decision WHERE pollId = ?`, complete.id)[0]!;
    expect(JSON.parse(decision.tally)).toMatchObject({ electorate: 2, responded: 2, concur: 2 });

    // JAXA's objection left with it: the other poll is decided by the two agencies that remain.
    expect(g.rows(`SELECT removedAt FROM PollElector WHERE pollId = ? AND agencyId = ? AND removedAt IS NOT NULL`, blocked.id, g.agency("JAXA").id)).toHaveLength(1);
    const denied = await castPosition(g.deps, g.rep("JAXA"), { pollId: blocked.id, stance: "concur" });
    expect(denied).toEqual({ ok: false, refusal: { reason: "not_in_electorate", id: blocked.id, code: "JAXA" } });
    must(await castPosition(g.deps, g.rep("NASA"), { pollId: blocked.id, stance: "concur" }));
    const last = must(await castPosition(g.deps, g.rep("ESA"), { pollId: blocked.id, stance: "concur" }));
    expect(last.closedWith).toBe("adopted");
    expect(last.tally).toMatchObject({ electorate: 2, object: 0 });

    expect(auditRows(g, "agency.withdrawn")).toEqual([expect.objectContaining({ subject: "agency:JAXA", details: expect.objectContaining({ received: expect.stringContaining("2026-05-30") }) })]);
  });
});
