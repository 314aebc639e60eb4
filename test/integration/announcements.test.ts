// Announcements through the real core, scheduler and outbox dispatcher on SQLite: posted now or at a
// set time, and edited or retracted everywhere they went, on every platform.
import { afterEach, describe, expect, it } from "vitest";
import { editAnnouncement } from "../../src/core/announcements/editAnnouncement.ts";
import { postAnnouncement } from "../../src/core/announcements/postAnnouncement.ts";
import { retractAnnouncement } from "../../src/core/announcements/retractAnnouncement.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { auditRows, bindAnnouncements, jobRows, outboxRows, RecordingSender, run } from "../support/governance.ts";
import { HOUR } from "../support/time.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const inHours = (h: number) => new Date(g.clock.now().getTime() + h * HOUR);
const stored = (id: number) => g.rows<{ text: string; status: string; postedAt: unknown; editedAt: unknown; retractedAt: unknown }>(`SELECT text, status, postedAt, editedAt, retractedAt FROM Announcement WHERE id = ?`, id)[0];

/** Two platforms, each with its announcement channel, and a sender for each that records what it did. */
async function twoPlatforms() {
  await bindAnnouncements(g, "discord", "ann-d");
  await bindAnnouncements(g, "slack", "ann-s");
  const senders = [new RecordingSender("discord"), new RecordingSender("slack")];
  const deliver = () => deliverOutbox(g.deps, senders);
  const calls = () => senders.flatMap((s) => s.calls);
  return { deliver, calls };
}

describe("posting", () => {
  it("now: stores the announcement and posts it to every announcement channel on every platform", async () => {
    g = await buildGroup();
    const { deliver, calls } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "The plenary moves to Tokyo." }));

    expect(a.status).toBe("posted");
    expect(stored(a.id)).toMatchObject({ text: "The plenary moves to Tokyo.", status: "posted" });
    expect(outboxRows(g)).toEqual([expect.objectContaining({ idempotencyKey: `announcement:${a.id}`, action: "post", audience: { kind: "channel", purpose: "announcements" } })]);
    expect(auditRows(g).filter((e) => e.subject === `announcement:${a.id}`).map((e) => e.action)).toEqual(["announcement.created", "announcement.posted"]);

    await deliver();
    await deliver(); // delivered once, however often the dispatcher runs
    expect(calls().map((c) => [c.op, c.where, c.text])).toEqual([
      ["post", "discord:#ann-d", "The plenary moves to Tokyo."],
      ["post", "slack:#ann-s", "The plenary moves to Tokyo."],
    ]);
  });

  it("at a set time: waits for its job, which posts it once, after what closes at the same instant", async () => {
    g = await buildGroup();
    const at = inHours(48);
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Results follow.", at }));
    expect(a.status).toBe("scheduled");
    expect(outboxRows(g)).toEqual([]);
    expect(jobRows(g, "announcement.")).toEqual([expect.objectContaining({ kind: "announcement.post", dueAt: at, status: "pending" })]);
    const poll = must(await openPoll(g.deps, g.operator, { title: "Closing with it", closesAt: at }));

    await g.advanceTo(new Date(at.getTime() - 1));
    expect(stored(a.id)?.status).toBe("scheduled");
    await g.advanceTo(at);
    await runDueJobs(g.deps, "again", at);
    expect(stored(a.id)?.status).toBe("posted");
    const keys = outboxRows(g).map((m) => m.idempotencyKey);
    expect(keys.filter((k) => k === `announcement:${a.id}`)).toHaveLength(1);
    expect(keys.indexOf(`poll:${poll.id}:closed`)).toBeLessThan(keys.indexOf(`announcement:${a.id}`));
    expect(auditRows(g, "announcement.posted")).toEqual([expect.objectContaining({ actorId: null })]);
  });
});

describe("editing", () => {
  it("a scheduled announcement changes it before it goes out, and may move it", async () => {
    g = await buildGroup();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Draft", at: inHours(2) }));
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Final wording" }));
    const later = inHours(5);
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, at: later }));
    expect(outboxRows(g)).toEqual([]);
    expect(jobRows(g, "announcement.").map((j) => [j.dueAt.getTime(), j.status])).toEqual([
      [inHours(2).getTime(), "cancelled"],
      [later.getTime(), "pending"],
    ]);

    await g.advanceTo(inHours(3));
    expect(stored(a.id)?.status).toBe("scheduled");
    await g.advanceTo(later);
    expect(outboxRows(g)).toEqual([expect.objectContaining({ idempotencyKey: `announcement:${a.id}`, text: "Final wording", action: "post" })]);
  });

  it("a posted announcement changes it wherever it was posted; each edit goes out, even two at one instant", async () => {
    g = await buildGroup();
    const { deliver, calls } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Version 1" }));
    await deliver();
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Version 2" }));
    must(await editAnnouncement(g.deps, g.operator, { id: a.id, text: "Version 3" }));
    await deliver();

    const refs = calls().filter((c) => c.op === "post").map((c) => c.ref);
    // Grouped by platform: each platform's message got both edits, in order.
    expect(calls().filter((c) => c.op === "edit").map((c) => [c.ref, c.text])).toEqual([
      [refs[0], "Version 2"],
      [refs[0], "Version 3"],
      [refs[1], "Version 2"],
      [refs[1], "Version 3"],
    ]);
    expect(outboxRows(g).filter((m) => m.action === "edit").map((m) => m.target)).toEqual([`announcement:${a.id}`, `announcement:${a.id}`]);
    expect(stored(a.id)).toMatchObject({ text: "Version 3", status: "posted" });
    expect(stored(a.id)?.editedAt).not.toBeNull();
    expect(auditRows(g, "announcement.edited").map((e) => e.details["to"])).toEqual(["Version 2", "Version 3"]);
  });
});

describe("retracting", () => {
  it("a posted announcement removes it wherever it was posted, and keeps it stored as retracted", async () => {
    g = await buildGroup();
    const { deliver, calls } = await twoPlatforms();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Wrong date" }));
    await deliver();
    const r = must(await retractAnnouncement(g.deps, g.operator, a.id));
    expect(r.wasPosted).toBe(true);
    await deliver();
    const refs = calls().filter((c) => c.op === "post").map((c) => c.ref);
    expect(calls().filter((c) => c.op === "remove").map((c) => c.ref)).toEqual(refs);
    expect(stored(a.id)).toMatchObject({ text: "Wrong date", status: "retracted" });
    expect(stored(a.id)?.retractedAt).not.toBeNull();
    expect(outboxRows(g).find((m) => m.action === "delete")).toMatchObject({ idempotencyKey: `announcement:${a.id}:retract`, target: `announcement:${a.id}` });
  });

  it("a scheduled announcement cancels it: it is never posted", async () => {
    g = await buildGroup();
    const a = must(await postAnnouncement(g.deps, g.operator, { text: "Soon", at: inHours(1) }));
    expect(must(await retractAnnouncement(g.deps, g.operator, a.id)).wasPosted).toBe(false);
    expect(jobRows(g, "announcement.").map((j) => j.status)).toEqual(["cancelled"]);
    await g.advanceTo(inHours(2));
    expect(outboxRows(g)).toEqual([]);
    expect(stored(a.id)?.status).toBe("retracted");
  });
});

describe("refusals, which change nothing and say what to do", () => {
  const cases: [string, (g: TestGroup, ids: { posted: number; retracted: number; scheduled: number }) => Promise<{ ok: boolean }>, Record<string, unknown>][] = [
    ["posting by a delegate", (g) => postAnnouncement(g.deps, g.rep("NASA"), { text: "Hi" }), { reason: "role_required" }],
    ["posting in the past", (g) => postAnnouncement(g.deps, g.operator, { text: "Hi", at: new Date("2026-05-31T00:00:00Z") }), { reason: "date_in_past", option: "at" }],
    ["editing by a delegate", (g, ids) => editAnnouncement(g.deps, g.rep("NASA"), { id: ids.posted, text: "x" }), { reason: "role_required" }],
    ["editing an unknown announcement", (g) => editAnnouncement(g.deps, g.operator, { id: 99, text: "x" }), { reason: "announcement_not_found", id: 99 }],
    ["editing a retracted one", (g, ids) => editAnnouncement(g.deps, g.operator, { id: ids.retracted, text: "x" }), { reason: "announcement_retracted" }],
    ["editing with nothing to change", (g, ids) => editAnnouncement(g.deps, g.operator, { id: ids.posted, text: "  " }), { reason: "announcement_edit_empty" }],
    ["moving a posted one", (g, ids) => editAnnouncement(g.deps, g.operator, { id: ids.posted, at: new Date("2026-06-05T00:00:00Z") }), { reason: "announcement_already_posted" }],
    ["moving a scheduled one into the past", (g, ids) => editAnnouncement(g.deps, g.operator, { id: ids.scheduled, at: new Date("2026-05-01T00:00:00Z") }), { reason: "date_in_past", option: "at" }],
    ["retracting twice", (g, ids) => retractAnnouncement(g.deps, g.operator, ids.retracted), { reason: "announcement_retracted" }],
    ["retracting by a delegate", (g, ids) => retractAnnouncement(g.deps, g.rep("NASA"), ids.posted), { reason: "role_required" }],
  ];
  it.each(cases)("refuses %s", async (_, attempt, refusal) => {
    g = await buildGroup({ agencies: ["NASA"] });
    const posted = must(await postAnnouncement(g.deps, g.operator, { text: "Posted" })).id;
    const retracted = must(await postAnnouncement(g.deps, g.operator, { text: "Gone" })).id;
    must(await retractAnnouncement(g.deps, g.operator, retracted));
    const scheduled = must(await postAnnouncement(g.deps, g.operator, { text: "Later", at: inHours(3) })).id;
    const before = g.snapshot();
    const r = (await attempt(g, { posted, retracted, scheduled })) as { ok: false; refusal: Record<string, unknown> };
    expect(r.ok).toBe(false);
    expect(r.refusal).toMatchObject(refusal);
    expect(g.snapshot()).toEqual(before);
  });
});

describe("the commands", () => {
  it("/announce, /announcement list, edit and retract answer with the announcement's number and state", async () => {
    g = await buildGroup({ agencies: ["NASA"] });
    const posted = await run(g, g.operator, '/announce text:"Welcome, KARI"');
    expect(posted.data).toMatchObject({ id: 1, status: "posted" });
    const later = await run(g, g.operator, '/announce text:"Deadline tomorrow" at:2h');
    expect(later.data).toMatchObject({ id: 2, status: "scheduled", postAt: inHours(2).toISOString() });
    expect((await run(g, g.operator, '/announcement edit id:2 text:"Deadline on Friday"')).text).toContain("will be posted");
    expect((await run(g, g.operator, "/announcement retract id:1")).text).toContain("removed wherever it was posted");
    const list = await run(g, g.rep("NASA"), "/announcement list");
    expect(list.text.split("\n")).toEqual([expect.stringMatching(/^#2 scheduled for .* — Deadline on Friday$/), expect.stringMatching(/^#1 retracted .* — Welcome, KARI$/)]);
    const onDay = await run(g, g.operator, '/announce text:"Agenda" at:2026-06-03');
    expect(onDay.data).toMatchObject({ status: "scheduled", postAt: "2026-06-03T09:00:00.000Z" }); // a bare date: 09:00 local
    const twice = await run(g, g.operator, "/announcement retract id:1");
    expect(twice).toMatchObject({ visibility: "ephemeral", data: { refused: "announcement_retracted" } });
    expect(twice.text).toContain("/announce");
    expect((await run(g, g.caller("stranger"), "/announcement list")).data).toEqual({ refused: "members_only" });
  });
});
