// What Store.transaction promises under contention (src/core/store.ts), on every store of
// test/support/stores.ts: transactions really started at once, from several connections to one
// database (on SQLite they queue for its write lock and, within one process, for the file's turn; on
// PostgreSQL they interleave under READ COMMITTED), through the core's own use cases.
import { afterEach, describe, expect, it } from "vitest";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { announcementKey } from "../../src/core/announcements/announcement.ts";
import { postAnnouncement } from "../../src/core/announcements/postAnnouncement.ts";
import { retractAnnouncement } from "../../src/core/announcements/retractAnnouncement.ts";
import type { Caller } from "../../src/core/access/actor.ts";
import type { Deps } from "../../src/core/deps.ts";
import { cancelMeeting } from "../../src/core/meetings/cancelMeeting.ts";
import { createMeeting } from "../../src/core/meetings/createMeeting.ts";
import { recordMeetingHeld } from "../../src/core/meetings/recordMeetingHeld.ts";
import { scheduleMeeting } from "../../src/core/meetings/scheduleMeeting.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { createGroup } from "../../src/core/setup/configureGroup.ts";
import { ManualClock } from "../../src/core/shared/clock.ts";
import type { Store } from "../../src/core/store.ts";
import { conflictOf, MAX_ATTEMPTS } from "../../src/infra/db/errors.ts";
import { STORE_MAKERS, type StoreUnderTest } from "../support/stores.ts";

const HOUR = 3_600_000;
const STANCES: Stance[] = ["concur", "abstain", "object"];

interface World {
  db: StoreUnderTest;
  /** Deps on separate connections to the one database: index 0 is the first store. */
  workers: Deps[];
  clock: ManualClock;
  operator: Caller;
  codes: string[];
  rep(code: string, n: number): Caller;
}

async function world(db: StoreUnderTest, agencies: number, representatives: number, connections: number): Promise<World> {
  const clock = new ManualClock(new Date("2026-06-01T09:00:00Z"));
  const deps: Deps = { store: db.store, clock };
  const group = await createGroup(deps, "Race", "UTC", { handle: "operator", identity: { platform: "shell", externalId: "operator" } });
  const caller = (externalId: string): Caller => ({ groupId: group.id, platform: "shell", externalId });
  const operator = caller("operator");
  const codes = Array.from({ length: agencies }, (_, i) => `AG${i + 1}`);
  for (const code of codes) {
    if (!(await addAgency(deps, operator, { code, name: `${code} agency` })).ok) throw new Error(`could not add ${code}`);
    for (let n = 0; n < representatives; n++) {
      const handle = `${code.toLowerCase()}r${n}`;
      const added = await addDelegate(deps, operator, { agency: code, user: { handle, identity: { platform: "shell", externalId: handle } } });
      if (!added.ok) throw new Error(`could not add ${handle}: ${added.refusal.reason}`);
    }
  }
  const workers: Deps[] = [deps];
  for (let i = 1; i < connections; i++) workers.push({ store: await db.connect(), clock });
  return { db, workers, clock, operator, codes, rep: (code, n) => caller(`${code.toLowerCase()}r${n}`) };
}

/** A member of the Secretariat in the world's group, as a caller. */
async function withSecretariat(w: World): Promise<Caller> {
  await w.workers[0]!.store.transaction(async (tx) => {
    const person = await tx.people.create(w.operator.groupId, "secretariat", { platform: "shell", externalId: "secretariat" });
    await tx.people.grantRole(person.id, "secretariat");
  });
  return { ...w.operator, externalId: "secretariat" };
}

async function mustOpen(w: World, title: string, closesInHours = 24) {
  const poll = await openPoll(w.workers[0]!, w.operator, { title, closesAt: new Date(w.clock.now().getTime() + closesInHours * HOUR) });
  if (!poll.ok) throw new Error(`could not open ${title}: ${poll.refusal.reason}`);
  return poll.value;
}

describe.each(STORE_MAKERS)("transactions at once on $name", (maker) => {
  let db: StoreUnderTest | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it("casts on one poll from several connections: one current position per agency, every cast in the history, the tally a replay of it", async () => {
    db = await maker.fresh();
    const w = await world(db, 5, 2, 3);
    const poll = await mustOpen(w, "Contended");
    // Every representative changes the agency's position twice; all of them at once.
    const casts = w.codes.flatMap((code, a) => [0, 1].flatMap((n) => [0, 1].map((k) => ({ code, n, stance: STANCES[(a + n + k) % 3]! }))));
    const results = await Promise.all(
      casts.map((c, i) =>
        castPosition(w.workers[i % w.workers.length]!, w.rep(c.code, c.n), { pollId: poll.id, stance: c.stance, reason: c.stance === "object" ? `no from ${c.code}` : undefined }),
      ),
    );
    // Consensus closes early once every agency has responded with no objection; objections keep it open here.
    const accepted = results.filter((r) => r.ok);
    expect(accepted.length).toBeGreaterThan(0);

    const { positions, history, decision } = await w.workers[0]!.store.transaction(async (tx) => ({
      positions: await tx.polls.positions(poll.id),
      history: await tx.polls.history(poll.id),
      decision: await tx.decisions.byPoll(poll.id),
    }));
    expect(history).toHaveLength(accepted.length);
    // One current position per agency, and it is the last change the history holds for that agency.
    expect(new Set(positions.map((p) => p.agencyId)).size).toBe(positions.length);
    const lastOf = new Map(history.map((h) => [h.agencyId, h]));
    expect(positions.map((p) => [p.agencyId, p.stance, p.castById])).toEqual([...lastOf.values()].sort((a, b) => a.agencyId - b.agencyId).map((h) => [h.agencyId, h.stance, h.castById]));
    const closedBy = accepted.filter((r) => r.ok && r.value.closedWith !== null);
    expect(closedBy.length).toBe(decision ? 1 : 0);
    if (decision) {
      const final = new Map(history.map((h) => [h.agencyId, h.stance]));
      expect(decision.tally.responded).toBe(final.size);
      expect(decision.tally.object).toBe([...final.values()].filter((s) => s === "object").length);
    }
  }, 120_000);

  it("two representatives of one agency at once: both casts in the history, one current position", async () => {
    db = await maker.fresh();
    const w = await world(db, 3, 2, 2);
    const poll = await mustOpen(w, "Two at once");
    const [a, b] = await Promise.all([
      castPosition(w.workers[0]!, w.rep("AG1", 0), { pollId: poll.id, stance: "concur" }),
      castPosition(w.workers[1]!, w.rep("AG1", 1), { pollId: poll.id, stance: "object", reason: "not yet" }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const { positions, history } = await w.workers[0]!.store.transaction(async (tx) => ({ positions: await tx.polls.positions(poll.id), history: await tx.polls.history(poll.id) }));
    expect(history.map((h) => h.stance).sort()).toEqual(["concur", "object"]);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.stance).toBe(history.at(-1)!.stance);
    // The one that committed second saw the first as the agency's previous position.
    const previous = [a, b].map((r) => (r.ok ? r.value.previous : "refused"));
    expect(previous.filter((p) => p === null)).toHaveLength(1);
  });

  it("closes of different polls at once from several connections: distinct decision numbers, one decision per poll", async () => {
    db = await maker.fresh();
    const w = await world(db, 2, 1, 3);
    const polls = [];
    for (let i = 0; i < 8; i++) polls.push(await mustOpen(w, `Closing ${i}`));
    // Closed twice each, at once: one close per poll wins, the other finds it closed.
    const results = await Promise.all([...polls, ...polls].map((p, i) => closePoll(w.workers[i % w.workers.length]!, w.operator, p.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(polls.length);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.refusal.reason))).toEqual(polls.map(() => "poll_closed"));
    const decisions = await w.workers[0]!.store.transaction(async (tx) => tx.decisions.list(w.operator.groupId));
    expect(decisions.map((d) => d.seq).sort((x, y) => x - y)).toEqual(polls.map((_, i) => i + 1));
    expect(new Set(decisions.map((d) => d.number)).size).toBe(polls.length);
    expect(new Set(decisions.map((d) => d.pollId))).toEqual(new Set(polls.map((p) => p.id)));
  });

  it("a due job is claimed once when two workers run the due jobs at once, with its effects", async () => {
    db = await maker.fresh();
    const w = await world(db, 2, 1, 2);
    const polls = [];
    for (let i = 0; i < 5; i++) polls.push(await mustOpen(w, `Due ${i}`, 1));
    const later = new Date(w.clock.now().getTime() + 2 * HOUR);
    const pending = await w.workers[0]!.store.transaction(async (tx) => tx.jobs.dueBefore(later, 1000));
    w.clock.set(later);
    const [ran1, ran2] = await Promise.all([runDueJobs(w.workers[0]!, "worker-1"), runDueJobs(w.workers[1]!, "worker-2")]);
    const decisions = await w.workers[0]!.store.transaction(async (tx) => tx.decisions.list(w.operator.groupId));
    expect(decisions.map((d) => d.pollId).sort()).toEqual(polls.map((p) => p.id).sort());
    const jobs = await w.workers[0]!.store.transaction(async (tx) => tx.jobs.dueBefore(w.clock.now(), 100));
    expect(jobs).toEqual([]);
    // Each poll's closing job (and any reminder due) ran once in all, by one of the two workers.
    expect(ran1 + ran2).toBe(pending.length);
    expect(pending.length).toBeGreaterThanOrEqual(polls.length);
    expect(new Set(decisions.map((d) => d.seq)).size).toBe(polls.length);
  });

  it("outbox claims from several connections at once: each message claimed once, the changes of one message by one deliverer", async () => {
    db = await maker.fresh();
    const w = await world(db, 1, 1, 3);
    const groupId = w.operator.groupId;
    const audience = { kind: "channel" as const, purpose: "announcements" as const };
    const at = w.clock.now();
    const targets = ["race:a", "race:b", "race:c"];
    await w.workers[0]!.store.transaction(async (tx) => {
      for (const [id] of await tx.outbox.claim(at, 1000, "setup", at).then((all) => all.map((m) => [m.id]))) await tx.outbox.markSent(id!, at);
      for (let i = 0; i < 40; i++) {
        const target = targets[i % 4];
        if (target) await tx.outbox.enqueue({ groupId, idempotencyKey: `race:${target}:${i}`, audience, text: "", action: "edit", target }, at);
        else await tx.outbox.enqueue({ groupId, idempotencyKey: `race:post:${i}`, audience, text: `post ${i}` }, at);
      }
      for (const target of targets) await tx.outbox.enqueue({ groupId, idempotencyKey: target, audience, text: target }, at);
      for (const target of targets) await tx.outbox.markSent((await tx.outbox.byKey(target))!.id, at);
    });
    const until = new Date(at.getTime() + 60_000);
    // Two claimers per connection, each claiming small batches until it gets nothing twice running.
    const claimers = w.workers.flatMap((d, i) =>
      [0, 1].map(async (k) => {
        const worker = `w${i}.${k}`;
        const got: { id: number; target: string | null; worker: string }[] = [];
        for (let empty = 0; empty < 2; ) {
          const batch = await d.store.transaction((tx) => tx.outbox.claim(at, 3, worker, until));
          empty = batch.length === 0 ? empty + 1 : 0;
          got.push(...batch.map((m) => ({ id: m.id, target: m.target, worker })));
          await new Promise((resolve) => setImmediate(resolve));
        }
        return got;
      }),
    );
    const claimed = (await Promise.all(claimers)).flat();
    const all = await w.workers[0]!.store.transaction((tx) => tx.outbox.due(at, 1000));
    expect(all).toHaveLength(40);
    expect(claimed.map((c) => c.id).sort((a, b) => a - b)).toEqual(all.map((m) => m.id));
    for (const target of targets) expect(new Set(claimed.filter((c) => c.target === target).map((c) => c.worker)).size, target).toBe(1);
  });

  it("two transactions claiming one job at once: one claim", async () => {
    db = await maker.fresh();
    const w = await world(db, 1, 1, 2);
    await w.workers[0]!.store.transaction((tx) => tx.jobs.schedule({ groupId: w.operator.groupId, kind: "test.noop", dueAt: w.clock.now(), payload: {}, dedupeKey: "claim-race" }));
    const [job] = await w.workers[0]!.store.transaction((tx) => tx.jobs.dueBefore(w.clock.now(), 1));
    const claims = await Promise.all(
      w.workers.flatMap((d, i) => [0, 1].map((k) => d.store.transaction((tx) => tx.jobs.claim(job!.id, `w${i}.${k}`, w.clock.now())))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("retractions racing the job that posts each announcement: every one is retracted, and deleted wherever it was posted", async () => {
    db = await maker.fresh();
    const w = await world(db, 1, 1, 2);
    const secretariat = await withSecretariat(w);
    const due = new Date(w.clock.now().getTime() + HOUR);
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const posted = await postAnnouncement(w.workers[0]!, secretariat, { text: `Notice ${i}`, at: due });
      if (!posted.ok) throw new Error(`could not schedule notice ${i}: ${posted.refusal.reason}`);
      ids.push(posted.value.id);
    }
    w.clock.set(due);
    // The posting jobs run on one connection while each announcement is retracted from another.
    const [, ...retractions] = await Promise.all([runDueJobs(w.workers[0]!, "poster"), ...ids.map((id) => retractAnnouncement(w.workers[1]!, secretariat, id))]);
    expect(retractions.map((r) => r.ok)).toEqual(ids.map(() => true));
    const outcome = await w.workers[0]!.store.transaction(async (tx) =>
      Promise.all(
        ids.map(async (id) => ({
          status: (await tx.announcements.byId(id))?.status,
          posted: (await tx.outbox.byKey(announcementKey(id))) !== null,
          deleted: await tx.outbox.removalQueued(announcementKey(id)),
        })),
      ),
    );
    // Posted before its retraction (then deleted), or retracted before its time (never posted): never
    // posted and left standing because the retraction read it before the post committed.
    for (const o of outcome) expect(o).toEqual({ status: "retracted", posted: o.posted, deleted: o.posted });
  });

  it("a cancellation and a record that the meeting was held, at once: one of the two, for each meeting", async () => {
    db = await maker.fresh();
    const w = await world(db, 1, 1, 2);
    const secretariat = await withSecretariat(w);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await createMeeting(w.workers[0]!, secretariat, { title: `Call ${i}`, startsOn: "2026-06-02", endsOn: "2026-06-02", onlineUrl: "https://meet.example.org/call" });
      if (!created.ok) throw new Error(`could not create meeting ${i}: ${created.refusal.reason}`);
      if (!(await scheduleMeeting(w.workers[0]!, secretariat, created.value.id)).ok) throw new Error(`could not schedule meeting ${i}`);
      ids.push(created.value.id);
    }
    w.clock.set(new Date("2026-06-03T09:00:00Z"));
    const results = await Promise.all(ids.flatMap((id) => [cancelMeeting(w.workers[0]!, secretariat, id), recordMeetingHeld(w.workers[1]!, secretariat, id)]));
    const meetings = await w.workers[0]!.store.transaction(async (tx) => Promise.all(ids.map((id) => tx.meetings.byId(id))));
    ids.forEach((id, i) => {
      const [cancelled, held] = [results[2 * i]!, results[2 * i + 1]!];
      // The second to run sees what the first did and refuses: never both announced.
      expect([cancelled.ok, held.ok].filter(Boolean), `meeting ${id}`).toHaveLength(1);
      expect(meetings[i]?.status).toBe(cancelled.ok ? "cancelled" : "held");
      const second = cancelled.ok ? held : cancelled;
      expect(second.ok ? null : second.refusal.reason).toBe("meeting_status");
    });
  });
});

describe.each(STORE_MAKERS)("one transaction on $name", (maker) => {
  let db: StoreUnderTest | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  // A store's layer runs some methods itself (the vote path's statements) and leaves the rest to
  // Prisma: both must be one transaction. Each write is read back the other way before the commit, which
  // a second connection could not do, and a failure takes back what both ways wrote.
  it("reads its own writes and commits or rolls back all of them together, whichever way each method runs", async () => {
    db = await maker.fresh();
    const store = db.store;
    const agency = (groupId: number, code: string) => ({ groupId, code, name: code, status: "participating" as const, frameworkContributor: false, joinedAt: null, withdrawnAt: null });
    const groupId = await store.transaction(async (tx) => (await tx.groups.create("One", "UTC")).id);
    const at = new Date("2026-06-01T09:00:00.000Z");
    await store.transaction(async (tx) => {
      await tx.audit.append({ groupId, at, actorId: null, action: "kept", subject: "one" });
      expect((await tx.audit.forSubject(groupId, "one")).map((e) => e.action)).toEqual(["kept"]);
      const kept = await tx.agencies.create(agency(groupId, "KEPT"));
      expect(await tx.agencies.byId(kept.id)).toEqual(kept);
    });
    await expect(
      store.transaction(async (tx) => {
        const dropped = await tx.agencies.create(agency(groupId, "DROP"));
        expect((await tx.agencies.byId(dropped.id))?.code).toBe("DROP");
        await tx.audit.append({ groupId, at, actorId: null, action: "dropped", subject: "one" });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    const after = await store.transaction(async (tx) => ({
      audit: (await tx.audit.forSubject(groupId, "one")).map((e) => e.action),
      agencies: (await tx.agencies.list(groupId)).map((a) => a.code),
    }));
    expect(after).toEqual({ audit: ["kept"], agencies: ["KEPT"] });
  });
});

describe.each(STORE_MAKERS)("a transaction meeting a conflict on $name", (maker) => {
  let db: StoreUnderTest | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  /** A decision row for `pollId`, which the unique key on pollId lets in once. */
  const decisionFor = (groupId: number, pollId: number, seq: number) => ({
    number: `2026-${seq}`,
    year: 2026,
    seq,
    pollId,
    groupId,
    outcome: "adopted" as const,
    tally: { electorate: 1, responded: 1, concur: 1, abstain: 0, object: 0, quorumNeeded: 1 },
    objections: [],
    decidedAt: new Date(),
  });

  async function onePoll(store: Store) {
    return store.transaction(async (tx) => {
      const group = await tx.groups.create("Conflicts", "UTC");
      const person = await tx.people.create(group.id, "p", { platform: "shell", externalId: "p" });
      const agency = await tx.agencies.create({ groupId: group.id, code: "AG", name: "AG", status: "participating", frameworkContributor: false, joinedAt: null, withdrawnAt: null });
      const poll = await tx.polls.create({ groupId: group.id, title: "P", text: null, kind: "general", procedure: "consensus", quorumPercent: null, subject: null, openedById: person.id, openedAt: new Date(), closesAt: new Date(Date.now() + HOUR) }, [agency.id]);
      await tx.decisions.create(decisionFor(group.id, poll.id, 1));
      return { groupId: group.id, pollId: poll.id, agencyId: agency.id, personId: person.id };
    });
  }

  it("is run again, whole, after a unique violation, and its first attempt's writes are gone", async () => {
    db = await maker.fresh();
    const store = db.store;
    const w = await onePoll(store);
    let attempts = 0;
    const result = await store.transaction(async (tx) => {
      attempts++;
      await tx.audit.append({ groupId: w.groupId, at: new Date(), actorId: null, action: `attempt.${attempts}`, subject: "retry" });
      // The first attempt collides with the decision already recorded: a real unique violation.
      if (attempts === 1) await tx.decisions.create(decisionFor(w.groupId, w.pollId, 2));
      return attempts;
    });
    expect(result).toBe(2);
    const entries = await store.transaction((tx) => tx.audit.forSubject(w.groupId, "retry"));
    expect(entries.map((e) => e.action)).toEqual(["attempt.2"]);
  });

  it("gives up after a bounded number of attempts and throws the conflict as it came", async () => {
    db = await maker.fresh();
    const store = db.store;
    const w = await onePoll(store);
    let attempts = 0;
    const failure = await store
      .transaction(async (tx) => {
        attempts++;
        await tx.decisions.create(decisionFor(w.groupId, w.pollId, 9));
      })
      .catch((error: unknown) => error);
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(conflictOf(failure)).toBe("unique_violation");
  });

  it("is not run again after any other error", async () => {
    db = await maker.fresh();
    let attempts = 0;
    await expect(
      db.store.transaction(async () => {
        attempts++;
        throw new Error("a bug, not a conflict");
      }),
    ).rejects.toThrow("a bug, not a conflict");
    expect(attempts).toBe(1);
  });
});
