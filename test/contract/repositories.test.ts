// The repository contract: every method that a use case calls, on every store of test/support/stores.ts
// (SQLite with its fast path, SQLite on the portable repositories alone, and any store added there).
// The last test of each store fails when a repository has a method that no test here called.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store, Tx } from "../../src/core/store.ts";
import { STORE_MAKERS, type StoreUnderTest } from "../support/stores.ts";

const T0 = new Date("2026-06-01T09:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Wraps each repository of `tx` so that the methods called are written down in `called`. */
function recording(tx: Tx, called: Set<string>): Tx {
  return new Proxy(tx, {
    get(target, repo: string) {
      const repository = (target as unknown as Record<string, Record<string, unknown>>)[repo]!;
      return new Proxy(repository, {
        get(r, method: string) {
          const f = r[method];
          if (typeof f !== "function") return f;
          return (...args: unknown[]) => {
            called.add(`${repo}.${method}`);
            return (f as (...a: unknown[]) => unknown).apply(r, args);
          };
        },
      });
    },
  });
}

describe.each(STORE_MAKERS)("repository contract on $name", (maker) => {
  let db: StoreUnderTest;
  const called = new Set<string>();
  const run = <T>(work: (tx: Tx) => Promise<T>, store: Store = db.store) => store.transaction((tx) => work(recording(tx, called)));

  // A small world that the tests below share: a group, two agencies, a representative of each.
  let groupId = 0;
  let nasa = 0;
  let esa = 0;
  let alice = 0;
  let bob = 0;

  beforeAll(async () => {
    db = await maker.fresh();
    await run(async (tx) => {
      groupId = (await tx.groups.create("Contract", "Europe/Paris")).id;
      nasa = (await tx.agencies.create({ groupId, code: "NASA", name: "NASA", status: "participating", frameworkContributor: true, joinedAt: T0, withdrawnAt: null })).id;
      esa = (await tx.agencies.create({ groupId, code: "ESA", name: "ESA", status: "participating", frameworkContributor: false, joinedAt: null, withdrawnAt: null })).id;
      alice = (await tx.people.create(groupId, "alice", { platform: "shell", externalId: "alice" })).id;
      bob = (await tx.people.create(groupId, "bob", { platform: "discord", externalId: "1234" })).id;
      await tx.people.setDelegation(alice, nasa, true);
      await tx.people.setDelegation(bob, esa, false);
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("groups: create, read, update and bind channels once", async () => {
    await run(async (tx) => {
      const group = await tx.groups.byId(groupId);
      expect(group).toMatchObject({ id: groupId, name: "Contract", timezone: "Europe/Paris", mandateEndsOn: null });
      expect((await tx.groups.first())?.id).toBe(groupId);
      expect(await tx.groups.byId(groupId + 1000)).toBeNull();
      await tx.groups.update(groupId, { pollReminderHours: [48, 2], annualAlertMonths: [6], catchUpFoldHours: 12, mandateEndsOn: "2030-12-31" });
      expect(await tx.groups.byId(groupId)).toMatchObject({ pollReminderHours: [48, 2], annualAlertMonths: [6], catchUpFoldHours: 12, mandateEndsOn: "2030-12-31" });
      expect(await tx.groups.bind(groupId, { platform: "slack", channelId: "C1", purpose: "announcements" })).toBe(true);
      expect(await tx.groups.bind(groupId, { platform: "slack", channelId: "C1", purpose: "announcements" })).toBe(false);
      await tx.groups.bind(groupId, { platform: "discord", channelId: "D1", purpose: "secretariat" });
      expect(await tx.groups.bindings(groupId)).toEqual([
        { platform: "slack", channelId: "C1", purpose: "announcements" },
        { platform: "discord", channelId: "D1", purpose: "secretariat" },
      ]);
    });
  });

  it("groups: workspaces belong to one group; adoption and join codes", async () => {
    await run(async (tx) => {
      const other = await tx.groups.create("Other", "UTC");
      expect((await tx.groups.list()).map((g) => g.id)).toEqual([groupId, other.id]);
      const guild = { platform: "discord" as const, id: "900" };
      expect(await tx.groups.ofWorkspace(guild)).toBeNull();
      await tx.groups.addWorkspace(groupId, guild, T0);
      await tx.groups.addWorkspace(other.id, { platform: "slack", id: "900" }, T0);
      expect((await tx.groups.ofWorkspace(guild))?.id).toBe(groupId);
      expect(await tx.groups.workspaces(groupId)).toEqual([guild]);
      expect(await tx.groups.adoption("slack")).toBeNull();
      await tx.groups.setAdoption("slack", other.id);
      expect(await tx.groups.adoption("slack")).toBe(other.id);
      await tx.groups.setAdoption("slack", null);
      expect(await tx.groups.adoption("slack")).toBeNull();
      await tx.groups.createJoinCode({ groupId, platform: "discord", codeHash: "h1", createdById: alice, createdAt: T0, expiresAt: new Date(T0.getTime() + 600_000) });
      const code = await tx.groups.joinCodeByHash("h1");
      expect(code).toMatchObject({ groupId, platform: "discord", createdById: alice, usedAt: null });
      expect(await tx.groups.joinCodeByHash("h2")).toBeNull();
      expect(await tx.groups.useJoinCode(code!.id, T0)).toBe(true);
      expect(await tx.groups.useJoinCode(code!.id, T0)).toBe(false);
      expect((await tx.groups.joinCodeByHash("h1"))?.usedAt).toEqual(T0);
    });
    // A workspace that belongs to a group cannot be put in another: the unique key refuses it.
    const guild = { platform: "discord" as const, id: "900" };
    await expect(run(async (tx) => tx.groups.addWorkspace((await tx.groups.create("Third", "UTC")).id, guild, T0))).rejects.toThrow();
    expect(await run(async (tx) => (await tx.groups.ofWorkspace(guild))?.id)).toBe(groupId);
    expect(await run(async (tx) => (await tx.groups.list()).map((g) => g.name))).not.toContain("Third");
  });

  it("agencies: by code and id, listed by code, updated", async () => {
    await run(async (tx) => {
      const byCode = await tx.agencies.byCode(groupId, "NASA");
      expect(byCode).toEqual({ id: nasa, groupId, code: "NASA", name: "NASA", status: "participating", frameworkContributor: true, joinedAt: T0, withdrawnAt: null });
      expect(await tx.agencies.byId(nasa)).toEqual(byCode);
      expect(await tx.agencies.byId(nasa + 1000)).toBeNull();
      expect(await tx.agencies.byCode(groupId, "JAXA")).toBeNull();
      expect((await tx.agencies.list(groupId)).map((a) => a.code)).toEqual(["ESA", "NASA"]);
      const updated = await tx.agencies.update(esa, { name: "European Space Agency", frameworkContributor: true });
      expect(updated).toMatchObject({ id: esa, name: "European Space Agency", frameworkContributor: true, joinedAt: null });
      expect(await tx.agencies.byId(esa)).toEqual(updated);
    });
  });

  it("people: identities, delegations and roles", async () => {
    await run(async (tx) => {
      const byIdentity = await tx.people.byIdentity(groupId, { platform: "shell", externalId: "alice" });
      expect(byIdentity).toEqual({ id: alice, groupId, handle: "alice", agencyId: nasa, isHead: true, roles: [] });
      expect(await tx.people.byIdentity(groupId, { platform: "slack", externalId: "alice" })).toBeNull();
      expect(await tx.people.byIdentity(groupId + 1000, { platform: "shell", externalId: "alice" })).toBeNull();
      await tx.people.grantRole(alice, "secretariat");
      await tx.people.grantRole(alice, "secretariat");
      await tx.people.grantRole(alice, "chair");
      expect((await tx.people.byIdentity(groupId, { platform: "shell", externalId: "alice" }))?.roles).toEqual(["chair", "secretariat"]);
      expect((await tx.people.byId(alice))?.roles).toEqual(["chair", "secretariat"]);
      expect(await tx.people.byHandle(groupId, "bob")).toMatchObject({ id: bob, agencyId: esa, isHead: false });
      expect(await tx.people.byHandle(groupId, "carol")).toBeNull();
      expect(await tx.people.byId(alice + 1000)).toBeNull();
      expect((await tx.people.listWithRole(groupId, "chair")).map((p) => p.handle)).toEqual(["alice"]);
      await tx.people.revokeRole(alice, "chair");
      expect(await tx.people.listWithRole(groupId, "chair")).toEqual([]);
      const carol = await tx.people.create(groupId, "carol", { platform: "slack", externalId: "U9" });
      await tx.people.setDelegation(carol.id, nasa, false);
      expect((await tx.people.listByAgency(nasa)).map((p) => p.handle)).toEqual(["alice", "carol"]);
      expect((await tx.people.list(groupId)).map((p) => p.handle)).toEqual(["alice", "bob", "carol"]);
      await tx.people.link(carol.id, { platform: "discord", externalId: "777" });
      expect(await tx.people.identities(carol.id)).toEqual([
        { platform: "slack", externalId: "U9" },
        { platform: "discord", externalId: "777" },
      ]);
      expect((await tx.people.byIdentity(groupId, { platform: "discord", externalId: "777" }))?.id).toBe(carol.id);
      await tx.people.setDelegation(carol.id, null, false);
      expect((await tx.people.listByAgency(nasa)).map((p) => p.handle)).toEqual(["alice"]);
    });
  });

  it("polls: electorate, one current position per agency, every change in the history", async () => {
    await run(async (tx) => {
      const poll = await tx.polls.create(
        { groupId, title: "Budget", text: "The 2027 budget", kind: "general", procedure: "consensus", quorumPercent: 60, subject: { year: 2027 }, openedById: alice, openedAt: T0, closesAt: at(600) },
        [nasa, esa],
      );
      expect(poll).toMatchObject({ groupId, title: "Budget", subject: { year: 2027 }, status: "open", outcome: null, closedAt: null, quorumPercent: 60 });
      await tx.polls.lock(poll.id);
      await tx.polls.lock(poll.id + 1000);
      expect(await tx.polls.byId(poll.id)).toEqual(poll);
      expect(await tx.polls.byId(poll.id + 1000)).toBeNull();
      expect(await tx.polls.electors(poll.id)).toEqual([
        { agencyId: nasa, removedAt: null },
        { agencyId: esa, removedAt: null },
      ].sort((a, b) => a.agencyId - b.agencyId));

      // When each request was received, to the millisecond: written on insert, replaced on update, null kept.
      const requested = (minutes: number, ms: number) => new Date(at(minutes).getTime() - ms);
      const first = await tx.polls.castPosition(
        { pollId: poll.id, agencyId: nasa, stance: "object", reason: "Too high", endorsed: false, castById: alice, castAt: at(1), requestedAt: requested(1, 1_250) },
        "shell",
      );
      const second = await tx.polls.castPosition(
        { pollId: poll.id, agencyId: nasa, stance: "concur", reason: null, endorsed: true, castById: alice, castAt: at(2), requestedAt: requested(2, 10_007) },
        "slack",
      );
      await tx.polls.castPosition({ pollId: poll.id, agencyId: esa, stance: "abstain", reason: null, endorsed: false, castById: bob, castAt: at(3), requestedAt: null }, "discord");
      expect(second).toBeGreaterThan(first);
      expect(await tx.polls.positions(poll.id)).toEqual(
        [
          { pollId: poll.id, agencyId: nasa, stance: "concur", reason: null, endorsed: true, castById: alice, castAt: at(2), requestedAt: requested(2, 10_007) },
          { pollId: poll.id, agencyId: esa, stance: "abstain", reason: null, endorsed: false, castById: bob, castAt: at(3), requestedAt: null },
        ].sort((a, b) => a.agencyId - b.agencyId),
      );
      expect((await tx.polls.history(poll.id)).map((h) => [h.agencyId, h.stance, h.reason, h.platform, h.castAt])).toEqual([
        [nasa, "object", "Too high", "shell", at(1)],
        [nasa, "concur", null, "slack", at(2)],
        [esa, "abstain", null, "discord", at(3)],
      ]);

      expect((await tx.polls.openPollsWithElector(esa)).map((p) => p.id)).toEqual([poll.id]);
      await tx.polls.removeElector(poll.id, esa, at(4));
      expect(await tx.polls.openPollsWithElector(esa)).toEqual([]);
      expect((await tx.polls.electors(poll.id)).find((e) => e.agencyId === esa)?.removedAt).toEqual(at(4));

      await tx.polls.update(poll.id, { closesAt: at(900) });
      expect((await tx.polls.list(groupId, "open")).map((p) => [p.id, p.closesAt])).toEqual([[poll.id, at(900)]]);
      await tx.polls.update(poll.id, { status: "closed", outcome: "adopted", closedAt: at(5) });
      expect(await tx.polls.list(groupId, "open")).toEqual([]);
      expect(await tx.polls.list(groupId)).toMatchObject([{ id: poll.id, status: "closed", outcome: "adopted", closedAt: at(5) }]);
      expect(await tx.polls.openPollsWithElector(nasa)).toEqual([]);
    });
  });

  it("decisions: numbers taken from the counter per group and year, the register read back", async () => {
    await run(async (tx) => {
      const poll = await tx.polls.create({ groupId, title: "Numbered", text: null, kind: "general", procedure: "consensus", quorumPercent: null, subject: null, openedById: alice, openedAt: T0, closesAt: at(60) }, [nasa]);
      const seq = await tx.decisions.takeSeq(groupId, 2026);
      expect(await tx.decisions.takeSeq(groupId, 2026)).toBe(seq + 1);
      expect(await tx.decisions.takeSeq(groupId, 2027)).toBe(1);
      const decision = {
        number: `2026-${String(seq).padStart(2, "0")}`,
        year: 2026,
        seq,
        pollId: poll.id,
        groupId,
        outcome: "adopted" as const,
        tally: { electorate: 1, responded: 1, concur: 1, abstain: 0, object: 0, quorumNeeded: 1 },
        objections: [{ agency: "ESA", reason: "none really" }],
        decidedAt: at(7),
      };
      await tx.decisions.create(decision);
      expect(await tx.decisions.byPoll(poll.id)).toEqual(decision);
      expect(await tx.decisions.byPoll(poll.id + 1000)).toBeNull();
      expect(await tx.decisions.list(groupId)).toEqual([decision]);
      expect(await tx.decisions.list(groupId, 2026)).toEqual([decision]);
      expect(await tx.decisions.list(groupId, 2025)).toEqual([]);
    });
  });

  it("audit: appended entries read back by subject, in order", async () => {
    await run(async (tx) => {
      await tx.audit.append({ groupId, at: at(1), actorId: alice, action: "x.first", subject: "thing:1", details: { n: 1 } });
      await tx.audit.append({ groupId, at: at(2), actorId: null, action: "x.second", subject: "thing:1" });
      await tx.audit.append({ groupId, at: at(3), actorId: bob, action: "x.other", subject: "thing:2", details: {} });
      expect((await tx.audit.forSubject(groupId, "thing:1")).map((e) => [e.action, e.actorId, e.at, e.details])).toEqual([
        ["x.first", alice, at(1), { n: 1 }],
        ["x.second", null, at(2), {}],
      ]);
    });
  });

  it("outbox: enqueued once per key, due in order, delivered per destination, failed, parked and retried", async () => {
    await run(async (tx) => {
      const card = { groupId, idempotencyKey: "card:1", audience: { kind: "channel" as const, purpose: "announcements" as const }, text: "Poll #1", data: { pollId: 1 } };
      await tx.outbox.enqueue(card, at(1));
      await tx.outbox.enqueue({ ...card, text: "a second enqueue changes nothing" }, at(2));
      await tx.outbox.enqueue({ groupId, idempotencyKey: "card:1:edit", audience: card.audience, text: "Poll #1, 1 response", action: "edit", target: "card:1" }, at(3));
      await tx.outbox.enqueue({ groupId, idempotencyKey: "dm:1", audience: { kind: "person", personId: bob }, text: "Reminder" }, at(4));

      const due = await tx.outbox.due(at(3), 10);
      expect(due.map((m) => [m.idempotencyKey, m.text, m.action, m.target, m.attempts, m.createdAt])).toEqual([
        ["card:1", "Poll #1", "post", null, 0, at(1)],
        ["card:1:edit", "Poll #1, 1 response", "edit", "card:1", 0, at(3)],
      ]);
      expect(due[0]).toMatchObject({ audience: card.audience, data: { pollId: 1 } });
      expect(await tx.outbox.due(at(10), 1)).toHaveLength(1);
      const post = (await tx.outbox.byKey("card:1"))!;
      expect(post).toMatchObject({ status: "pending", nextAttemptAt: at(1) });
      expect(await tx.outbox.byKey("nope")).toBeNull();

      const slack = { kind: "channel" as const, platform: "slack", channelId: "C1", purpose: "announcements" as const };
      const discord = { kind: "channel" as const, platform: "discord", channelId: "D1", purpose: "announcements" as const };
      expect(await tx.outbox.startDelivery(post.id, slack)).toEqual({ destination: slack, status: "sending", ref: null, earlierAttempt: false });
      await tx.outbox.startDelivery(post.id, discord);
      // Started again before it was finished: the first attempt may have reached the platform.
      expect(await tx.outbox.startDelivery(post.id, slack)).toEqual({ destination: slack, status: "sending", ref: null, earlierAttempt: true });
      await tx.outbox.finishDelivery(post.id, slack, "ts-1", at(5));
      expect(await tx.outbox.deliveries("card:1")).toEqual([
        { destination: slack, status: "sent", ref: "ts-1" },
        { destination: discord, status: "sending", ref: null },
      ]);
      await tx.outbox.markSent(post.id, at(5));
      expect((await tx.outbox.byKey("card:1"))?.status).toBe("sent");

      const edit = (await tx.outbox.byKey("card:1:edit"))!;
      await tx.outbox.startDelivery(edit.id, slack);
      await tx.outbox.finishDelivery(edit.id, slack, "ts-1", at(6));
      expect(await tx.outbox.changedLaterAt("card:1", post.id)).toEqual([slack]);
      expect(await tx.outbox.changedLaterAt("card:1", edit.id)).toEqual([]);
      expect(await tx.outbox.removalQueued("card:1")).toBe(false);
      await tx.outbox.enqueue({ groupId, idempotencyKey: "card:1:delete", audience: card.audience, text: "", action: "delete", target: "card:1" }, at(6));
      expect(await tx.outbox.removalQueued("card:1")).toBe(true);

      const dm = (await tx.outbox.byKey("dm:1"))!;
      await tx.outbox.postpone(dm.id, at(20));
      expect((await tx.outbox.due(at(19), 10)).map((m) => m.idempotencyKey)).not.toContain("dm:1");
      await tx.outbox.markFailed(dm.id, "HTTP 500", at(30), false);
      expect(await tx.outbox.byKey("dm:1")).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: at(30) });
      await tx.outbox.markFailed(dm.id, "HTTP 403", at(40), true);
      expect(await tx.outbox.parked(groupId)).toMatchObject([{ idempotencyKey: "dm:1", attempts: 2, lastError: "HTTP 403" }]);
      expect(await tx.outbox.retry(dm.id, at(50))).toBe(true);
      expect(await tx.outbox.retry(dm.id, at(50))).toBe(false);
      expect(await tx.outbox.byKey("dm:1")).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: at(50) });
      expect(await tx.outbox.parked(groupId)).toEqual([]);
    });
  });

  it("jobs: scheduled once per key, due in order, claimed once, cancelled and brought back", async () => {
    await run(async (tx) => {
      await tx.jobs.schedule({ groupId, kind: "poll.close", dueAt: at(10), payload: { pollId: 1 }, dedupeKey: "poll:1:close" });
      await tx.jobs.schedule({ groupId, kind: "poll.close", dueAt: at(99), payload: { pollId: 1 }, dedupeKey: "poll:1:close" });
      await tx.jobs.schedule({ groupId, kind: "poll.remind", dueAt: at(5), payload: { pollId: 1 }, dedupeKey: "poll:1:remind:1" });
      await tx.jobs.schedule({ groupId, kind: "poll.remind", dueAt: at(8), payload: { pollId: 2 }, dedupeKey: "poll:2:remind:1" });
      expect((await tx.jobs.pendingKeys("poll:1:")).sort()).toEqual(["poll:1:close", "poll:1:remind:1"]);
      expect((await tx.jobs.nextDue())?.dedupeKey).toBe("poll:1:remind:1");
      const due = await tx.jobs.dueBefore(at(10), 10);
      expect(due.map((j) => [j.dedupeKey, j.dueAt, j.status])).toEqual([
        ["poll:1:remind:1", at(5), "pending"],
        ["poll:2:remind:1", at(8), "pending"],
        ["poll:1:close", at(10), "pending"],
      ]);
      expect(due[2]).toMatchObject({ groupId, kind: "poll.close", payload: { pollId: 1 } });
      expect(await tx.jobs.dueBefore(at(10), 1)).toHaveLength(1);
      expect(await tx.jobs.claim(due[0]!.id, "w1", at(6))).toBe(true);
      expect(await tx.jobs.claim(due[0]!.id, "w2", at(6))).toBe(false);
      expect(await tx.jobs.cancelPending("poll:1:")).toBe(1);
      expect(await tx.jobs.claim(due[2]!.id, "w1", at(11))).toBe(false);
      expect(await tx.jobs.pendingKeys("poll:1:")).toEqual([]);
      // Cancelled and scheduled again: back at its new time. Done: stays done.
      await tx.jobs.schedule({ groupId, kind: "poll.close", dueAt: at(120), payload: { pollId: 1, again: true }, dedupeKey: "poll:1:close" });
      await tx.jobs.schedule({ groupId, kind: "poll.remind", dueAt: at(120), payload: { pollId: 1 }, dedupeKey: "poll:1:remind:1" });
      expect((await tx.jobs.dueBefore(at(200), 10)).map((j) => [j.dedupeKey, j.dueAt, j.payload])).toEqual([
        ["poll:2:remind:1", at(8), { pollId: 2 }],
        ["poll:1:close", at(120), { pollId: 1, again: true }],
      ]);
    });
  });

  it("meetings, venue proposals and advisor notices", async () => {
    await run(async (tx) => {
      const meeting = await tx.meetings.create({ groupId, kind: "plenary", title: "Plenary 2027", startsOn: "2027-03-01", endsOn: "2027-03-03", timezone: "Asia/Tokyo", event: null, onlineUrl: null, createdById: alice, createdAt: T0 });
      expect(meeting).toMatchObject({ status: "planning", hostAgencyIds: [], city: null, onlineUrl: null, heldAt: null });
      await tx.meetings.setHosts(meeting.id, [esa, nasa, esa]);
      await tx.meetings.update(meeting.id, { status: "scheduled", city: "Tokyo", country: "Japan", heldAt: at(3) });
      expect(await tx.meetings.byId(meeting.id)).toMatchObject({ status: "scheduled", city: "Tokyo", heldAt: at(3), hostAgencyIds: [nasa, esa].sort((a, b) => a - b) });
      await tx.meetings.setHosts(meeting.id, [nasa]);
      expect((await tx.meetings.byId(meeting.id))?.hostAgencyIds).toEqual([nasa]);
      // A lock changes nothing that can be read; a missing meeting locks nothing.
      await tx.meetings.lock(meeting.id);
      await tx.meetings.lock(meeting.id + 1000);
      expect((await tx.meetings.byId(meeting.id))?.hostAgencyIds).toEqual([nasa]);
      expect(await tx.meetings.byId(meeting.id + 1000)).toBeNull();
      expect((await tx.meetings.list(groupId)).map((m) => m.id)).toEqual([meeting.id]);

      const proposal = await tx.venueProposals.create({ meetingId: meeting.id, city: "Paris", country: "France", venue: "HQ", event: null, startsOn: null, endsOn: null, costsAccepted: true, proposedById: bob, createdAt: T0, hostAgencyIds: [esa, nasa], confirmedAgencyIds: [esa] });
      expect(proposal).toMatchObject({ status: "proposed", pollId: null, hostAgencyIds: [esa, nasa].sort((a, b) => a - b), confirmedAgencyIds: [esa], costsAccepted: true });
      // A host confirms once; an agency that is no host confirms nothing.
      expect(await tx.venueProposals.confirmHost(proposal.id, nasa, bob, at(1))).toBe(true);
      expect(await tx.venueProposals.confirmHost(proposal.id, nasa, bob, at(2))).toBe(false);
      expect(await tx.venueProposals.confirmHost(proposal.id, nasa + 1000, bob, at(2))).toBe(false);
      expect((await tx.venueProposals.byId(proposal.id))?.confirmedAgencyIds).toEqual([esa, nasa].sort((a, b) => a - b));
      await tx.venueProposals.update(proposal.id, { status: "in poll" });
      expect(await tx.venueProposals.byId(proposal.id)).toMatchObject({ status: "in poll", city: "Paris" });
      expect(await tx.venueProposals.byId(proposal.id + 1000)).toBeNull();
      expect((await tx.venueProposals.listByMeeting(meeting.id)).map((p) => p.id)).toEqual([proposal.id]);

      const notice = await tx.advisorNotices.create({ meetingId: meeting.id, agencyId: esa, name: "Dr. Ada", nameKey: "dr ada", affiliation: "Uni", purpose: "Talk", conflicts: "none", late: false, notifiedById: bob, notifiedAt: at(1) });
      expect(notice).toMatchObject({ acknowledgedById: null, acknowledgedAt: null });
      expect((await tx.advisorNotices.byName(meeting.id, "dr ada"))?.id).toBe(notice.id);
      expect(await tx.advisorNotices.byName(meeting.id, "dr bob")).toBeNull();
      expect(await tx.advisorNotices.acknowledge(notice.id, alice, at(2))).toBe(true);
      expect(await tx.advisorNotices.acknowledge(notice.id, alice, at(3))).toBe(false);
      expect(await tx.advisorNotices.byId(notice.id)).toMatchObject({ acknowledgedById: alice, acknowledgedAt: at(2) });
      expect((await tx.advisorNotices.listByMeeting(meeting.id)).map((n) => n.name)).toEqual(["Dr. Ada"]);
    });
  });

  it("join requests, chair terms and announcements", async () => {
    await run(async (tx) => {
      const poll = await tx.polls.create({ groupId, title: "Join", text: null, kind: "membership", procedure: "consensus", quorumPercent: null, subject: null, openedById: alice, openedAt: T0, closesAt: at(60) }, [nasa]);
      const request = await tx.joinRequests.create({ groupId, agencyId: esa, receivedOn: "2026-05-30", objectives: "Science", pollId: null, recordedById: alice, createdAt: T0 });
      await tx.joinRequests.setPoll(request.id, poll.id);
      expect(await tx.joinRequests.byPoll(poll.id)).toEqual({ ...request, pollId: poll.id });
      expect(await tx.joinRequests.byPoll(poll.id + 1000)).toBeNull();
      expect((await tx.joinRequests.forAgency(esa)).map((r) => r.id)).toEqual([request.id]);

      const term = await tx.chairTerms.create({ groupId, agencyId: nasa, personId: alice, startsOn: "2026-01-01", createdAt: T0 });
      expect(term.endedOn).toBeNull();
      expect((await tx.chairTerms.current(groupId))?.id).toBe(term.id);
      await tx.chairTerms.setStart(term.id, "2026-01-05");
      expect(await tx.chairTerms.byId(term.id)).toMatchObject({ startsOn: "2026-01-05", endedOn: null });
      await tx.chairTerms.end(term.id, "2026-12-31");
      expect(await tx.chairTerms.current(groupId)).toBeNull();
      expect(await tx.chairTerms.byId(term.id)).toMatchObject({ endedOn: "2026-12-31" });
      expect(await tx.chairTerms.byId(term.id + 1000)).toBeNull();
      expect((await tx.chairTerms.list(groupId)).map((t) => t.id)).toEqual([term.id]);

      const announcement = await tx.announcements.create({ groupId, text: "Hello", postAt: at(10), status: "scheduled", createdById: alice, createdAt: T0 });
      expect(announcement).toMatchObject({ postedAt: null, editedAt: null, retractedAt: null });
      expect(await tx.announcements.update(announcement.id, { status: "posted", postedAt: at(10), text: "Hello all" })).toMatchObject({ status: "posted", postedAt: at(10), text: "Hello all" });
      expect(await tx.announcements.byId(announcement.id)).toMatchObject({ text: "Hello all" });
      // A lock changes nothing that can be read; a missing announcement locks nothing.
      await tx.announcements.lock(announcement.id);
      await tx.announcements.lock(announcement.id + 1000);
      expect(await tx.announcements.byId(announcement.id)).toMatchObject({ text: "Hello all", status: "posted" });
      expect(await tx.announcements.byId(announcement.id + 1000)).toBeNull();
      expect((await tx.announcements.list(groupId)).map((a) => a.id)).toEqual([announcement.id]);
    });
  });

  it("link codes (used once, replaced by a newer one) and unlinking; delivered requests remembered per handling", async () => {
    await run(async (tx) => {
      await tx.people.createLinkCode({ groupId, personId: bob, platform: "discord", codeHash: "h1", createdAt: T0, expiresAt: at(10) });
      await tx.people.createLinkCode({ groupId, personId: bob, platform: "discord", codeHash: "h2", createdAt: T0, expiresAt: at(10) });
      expect(await tx.people.linkCodeByHash("h1")).toBeNull();
      const code = await tx.people.linkCodeByHash("h2");
      expect(code).toMatchObject({ groupId, personId: bob, platform: "discord", expiresAt: at(10), usedAt: null });
      expect(await tx.people.useLinkCode(code!.id, at(1))).toBe(true);
      expect(await tx.people.useLinkCode(code!.id, at(2))).toBe(false);
      expect((await tx.people.linkCodeByHash("h2"))?.usedAt).toEqual(at(1));
      await tx.people.link(bob, { platform: "slack", externalId: "U-BOB" });
      await tx.people.unlink(bob, { platform: "slack", externalId: "U-BOB" });
      expect(await tx.people.identities(bob)).toEqual([{ platform: "discord", externalId: "1234" }]);

      const request = { id: "trigger-1", handledBy: "process-a", receivedAt: at(0) };
      expect(await tx.deliveries.remember("slack", request, at(60))).toBe(true);
      expect(await tx.deliveries.remember("slack", request, at(60))).toBe(true);
      expect(await tx.deliveries.remember("slack", { ...request, handledBy: "process-b" }, at(60))).toBe(false);
      expect(await tx.deliveries.remember("discord", { ...request, handledBy: "process-b" }, at(60))).toBe(true);
      // Past its memory a request is forgotten, and could be handled again (no platform delivers it by then).
      expect(await tx.deliveries.remember("slack", { ...request, handledBy: "process-c", receivedAt: at(61) }, at(121))).toBe(true);
    });
  });

  it("calendar feeds: one per group, found by the hash of its secret, replaced and removed", async () => {
    await run(async (tx) => {
      expect(await tx.calendarFeeds.byGroup(groupId)).toBeNull();
      await tx.calendarFeeds.replace({ groupId, tokenHash: "hash-1", createdById: alice, createdAt: at(1) });
      expect(await tx.calendarFeeds.byGroup(groupId)).toMatchObject({ groupId, tokenHash: "hash-1", createdById: alice, createdAt: at(1) });
      await tx.calendarFeeds.replace({ groupId, tokenHash: "hash-2", createdById: bob, createdAt: at(2) });
      expect(await tx.calendarFeeds.byTokenHash("hash-1")).toBeNull();
      expect(await tx.calendarFeeds.byTokenHash("hash-2")).toMatchObject({ groupId, createdById: bob, createdAt: at(2) });
      expect(await tx.calendarFeeds.remove(groupId)).toBe(true);
      expect(await tx.calendarFeeds.remove(groupId)).toBe(false);
      expect(await tx.calendarFeeds.byGroup(groupId)).toBeNull();
    });
  });

  it("installations: one per platform and workspace, replaced by a reinstall, listed for a group, removed", async () => {
    await run(async (tx) => {
      const installed = (team: string, token: string, minutes: number) => ({
        platform: "slack" as const, workspaceId: team, enterpriseId: null, appId: "A0APP", botToken: token, botId: "B0BOT", botUserId: "U0BOT",
        scopes: ["commands", "chat:write"], installedBy: "U0INSTALLER", installedAt: at(minutes),
      });
      expect(await tx.installations.byWorkspace("slack", "T0CONTRACTA")).toBeNull();
      await tx.installations.save(installed("T0CONTRACTA", "xoxb-a-1", 1));
      await tx.installations.save({ ...installed("T0CONTRACTB", "xoxb-b-1", 2), enterpriseId: "E0GRID", scopes: [] });
      await tx.installations.save(installed("T0CONTRACTA", "xoxb-a-2", 3));
      expect(await tx.installations.byWorkspace("slack", "T0CONTRACTA")).toEqual(installed("T0CONTRACTA", "xoxb-a-2", 3));
      expect(await tx.installations.byWorkspace("slack", "T0CONTRACTB")).toMatchObject({ enterpriseId: "E0GRID", scopes: [] });
      expect(await tx.installations.byWorkspace("discord", "T0CONTRACTA")).toBeNull();
      // A group's installations follow its workspaces, oldest first; a workspace of no installation is left out.
      const other = (await tx.groups.create("Installations", "UTC")).id;
      expect(await tx.installations.ofGroup(other, "slack")).toEqual([]);
      await tx.groups.addWorkspace(other, { platform: "slack", id: "T0CONTRACTB" }, at(4));
      await tx.groups.addWorkspace(other, { platform: "slack", id: "T0CONTRACTC" }, at(4));
      await tx.groups.addWorkspace(other, { platform: "slack", id: "T0CONTRACTA" }, at(4));
      expect((await tx.installations.ofGroup(other, "slack")).map((i) => i.botToken)).toEqual(["xoxb-b-1", "xoxb-a-2"]);
      expect(await tx.installations.ofGroup(other, "discord")).toEqual([]);
      expect(await tx.installations.remove("slack", "T0CONTRACTA")).toBe(true);
      expect(await tx.installations.remove("slack", "T0CONTRACTA")).toBe(false);
      expect(await tx.installations.byWorkspace("slack", "T0CONTRACTA")).toBeNull();
      expect((await tx.installations.ofGroup(other, "slack")).map((i) => i.workspaceId)).toEqual(["T0CONTRACTB"]);
    });
  });

  it("held requests: held once, renewed by their holder only, taken over once their claim ran out, released, forgotten when too old", async () => {
    await run(async (tx) => {
      const request = (id: string, minutes: number) => ({ platform: "discord", requestId: id, payload: `{"id":"${id}"}`, receivedAt: at(minutes) });
      expect(await tx.heldRequests.hold(request("i1", 0), "r1", at(1))).toBe(true);
      expect(await tx.heldRequests.hold(request("i1", 0), "r2", at(1))).toBe(false);
      expect(await tx.heldRequests.hold(request("i2", -20), "r1", at(1))).toBe(true);
      expect(await tx.heldRequests.hold({ ...request("i1", 0), platform: "slack" }, "r1", at(1))).toBe(true);
      // Not run out yet: nothing to take over.
      expect(await tx.heldRequests.takeOver("discord", at(0), "r2", at(5), 10)).toEqual([]);
      // r1 renews i1 to 3; r2's renewal of it changes nothing.
      await tx.heldRequests.renew("discord", ["i1"], "r1", at(3));
      await tx.heldRequests.renew("discord", ["i1", "i2"], "r2", at(9));
      await tx.heldRequests.renew("discord", [], "r1", at(9));
      // At 2 only i2's claim (to 1) has run out: taken over, oldest first, with its attempt counted.
      expect(await tx.heldRequests.takeOver("discord", at(2), "r2", at(5), 10)).toEqual([{ ...request("i2", -20), attempts: 2 }]);
      expect(await tx.heldRequests.takeOver("discord", at(2), "r3", at(5), 10)).toEqual([]);
      // At 6 both have run out (i1 at 3, i2 at 5); the limit takes the oldest.
      expect(await tx.heldRequests.takeOver("discord", at(6), "r3", at(8), 1)).toEqual([{ ...request("i2", -20), attempts: 3 }]);
      expect(await tx.heldRequests.takeOver("discord", at(6), "r3", at(8), 10)).toEqual([{ ...request("i1", 0), attempts: 2 }]);
      await tx.heldRequests.release("discord", "i1");
      await tx.heldRequests.release("discord", "i1");
      expect(await tx.heldRequests.takeOver("discord", at(60), "r4", at(61), 10)).toEqual([{ ...request("i2", -20), attempts: 4 }]);
      // Received before -10: forgotten; Slack's of the same id is another request.
      expect(await tx.heldRequests.forgetBefore("discord", at(-10))).toBe(1);
      expect(await tx.heldRequests.forgetBefore("discord", at(-10))).toBe(0);
      expect(await tx.heldRequests.takeOver("discord", at(60), "r5", at(61), 10)).toEqual([]);
      expect(await tx.heldRequests.takeOver("slack", at(60), "r5", at(61), 10)).toEqual([{ ...request("i1", 0), platform: "slack", attempts: 2 }]);
    });
  });

  it("message faces: recorded when posted, compared before a change, forgotten while one is in flight, pruned", async () => {
    await run(async (tx) => {
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "X")).toBe(false);
      await tx.messageFaces.posted("slack", "C1:1.0", "X", at(0), at(-60));
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "X")).toBe(true);
      expect(await tx.messageFaces.alreadyShows("discord", "C1:1.0", "X")).toBe(false);
      // A different face: the recorded one is forgotten until the change is recorded…
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "Y")).toBe(false);
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "X")).toBe(false);
      expect(await tx.messageFaces.record("slack", "C1:1.0", "Y", at(1))).toBe(true);
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "Y")).toBe(true);
      // …and a second sender recording without having seen it forgotten leaves no face at all.
      expect(await tx.messageFaces.record("slack", "C1:1.0", "X", at(2))).toBe(false);
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "X")).toBe(false);
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "Y")).toBe(false);
      expect(await tx.messageFaces.record("slack", "C1:1.0", "X", at(3))).toBe(true);
      await tx.messageFaces.forget("slack", "C1:1.0");
      await tx.messageFaces.forget("slack", "C1:1.0");
      expect(await tx.messageFaces.alreadyShows("slack", "C1:1.0", "X")).toBe(false);
      // A post prunes the faces recorded before the memory's start, and records again what it replaces.
      await tx.messageFaces.posted("discord", "D1:1", "old", at(0), at(-60));
      await tx.messageFaces.posted("discord", "D1:2", "new", at(100), at(-60));
      await tx.messageFaces.posted("discord", "D1:2", "newer", at(110), at(50));
      expect(await tx.messageFaces.alreadyShows("discord", "D1:1", "old")).toBe(false);
      expect(await tx.messageFaces.alreadyShows("discord", "D1:2", "newer")).toBe(true);
    });
    // Two senders recording at once, through connections of their own: one records, and the other,
    // finding its face, forgets it, whichever order the database puts them in.
    const other = await db.connect();
    const recorded = await Promise.all([
      run((tx) => tx.messageFaces.record("slack", "C1:2.0", "X", at(5))),
      run((tx) => tx.messageFaces.record("slack", "C1:2.0", "Y", at(5)), other),
    ]);
    expect(recorded.filter(Boolean)).toHaveLength(1);
    expect(await run(async (tx) => [await tx.messageFaces.alreadyShows("slack", "C1:2.0", "X"), await tx.messageFaces.alreadyShows("slack", "C1:2.0", "Y")])).toEqual([false, false]);
  });

  it("undoes every write of a transaction whose work throws, the vote path's included", async () => {
    const before = await run(async (tx) => ({ polls: (await tx.polls.list(groupId)).length, audit: (await tx.audit.forSubject(groupId, "undone")).length }));
    await expect(
      run(async (tx) => {
        const poll = await tx.polls.create({ groupId, title: "Undone", text: null, kind: "general", procedure: "consensus", quorumPercent: null, subject: null, openedById: alice, openedAt: T0, closesAt: at(60) }, [nasa]);
        await tx.polls.castPosition({ pollId: poll.id, agencyId: nasa, stance: "concur", reason: null, endorsed: false, castById: alice, castAt: at(1), requestedAt: at(1) }, "shell");
        await tx.audit.append({ groupId, at: at(1), actorId: alice, action: "undone", subject: "undone" });
        await tx.outbox.enqueue({ groupId, idempotencyKey: "undone", audience: { kind: "channel", purpose: "announcements" }, text: "never" }, at(1));
        throw new Error("the use case failed");
      }),
    ).rejects.toThrow("the use case failed");
    await run(async (tx) => {
      expect((await tx.polls.list(groupId)).length).toBe(before.polls);
      expect((await tx.audit.forSubject(groupId, "undone")).length).toBe(before.audit);
      expect(await tx.outbox.byKey("undone")).toBeNull();
    });
  });

  it("outbox: claimed with a lease, the changes of one message by one deliverer at a time, taken over when the lease runs out", async () => {
    await run(async (tx) => {
      // Due before every message of the test above, which stays queued.
      const audience = { kind: "channel" as const, purpose: "announcements" as const };
      await tx.outbox.enqueue({ groupId, idempotencyKey: "lease:post", audience, text: "Poll #9" }, at(-100));
      await tx.outbox.enqueue({ groupId, idempotencyKey: "lease:e1", audience, text: "", action: "edit", target: "lease:post" }, at(-99));
      await tx.outbox.enqueue({ groupId, idempotencyKey: "lease:e2", audience, text: "", action: "edit", target: "lease:post" }, at(-98));
      await tx.outbox.enqueue({ groupId, idempotencyKey: "lease:other", audience, text: "Reminder" }, at(-97));
      const id = async (key: string) => (await tx.outbox.byKey(key))!.id;
      const [post, e1, e2, other] = [await id("lease:post"), await id("lease:e1"), await id("lease:e2"), await id("lease:other")];
      const keys = (claimed: { idempotencyKey: string }[]) => claimed.map((m) => m.idempotencyKey);

      const first = await tx.outbox.claim(at(-90), 2, "w1", at(-80));
      expect(keys(first)).toEqual(["lease:post", "lease:e1"]);
      expect(first[1]).toMatchObject({ action: "edit", target: "lease:post", attempts: 0, createdAt: at(-99) });
      // Another deliverer gets neither those nor e2, a change of the message whose change w1 is sending.
      expect(keys(await tx.outbox.claim(at(-90), 10, "w2", at(-80)))).toEqual(["lease:other"]);
      expect(keys(await tx.outbox.claim(at(-90), 10, "w3", at(-80)))).toEqual([]);
      expect(keys(await tx.outbox.claim(at(-90), 10, "w1", at(-80)))).toEqual(["lease:e2"]);
      // due still lists what is claimed: it is a read.
      expect(keys(await tx.outbox.due(at(-90), 4))).toEqual(["lease:post", "lease:e1", "lease:e2", "lease:other"]);

      expect(await tx.outbox.renew([post, e1], "w2", at(-70))).toEqual([]);
      expect(await tx.outbox.renew([post, e1], "w1", at(-70))).toEqual([post, e1]);
      await tx.outbox.markSent(e1, at(-90));
      expect(await tx.outbox.renew([post, e1, e2], "w1", at(-70))).toEqual([post, e2]);
      expect(await tx.outbox.renew([], "w1", at(-70))).toEqual([]);

      // w2's lease ran out at -80: its message is taken over; w1's, renewed to -70, are not.
      expect(keys(await tx.outbox.claim(at(-75), 10, "w4", at(-60)))).toEqual(["lease:other"]);
      expect(await tx.outbox.renew([other], "w2", at(-50))).toEqual([]);
      // At -65 w1's have run out too (w4's has not).
      expect(keys(await tx.outbox.claim(at(-65), 10, "w5", at(-50)))).toEqual(["lease:post", "lease:e2"]);
      // Postponing, failing and sending end the claim.
      await tx.outbox.postpone(e2, at(-65));
      expect(keys(await tx.outbox.claim(at(-65), 10, "w6", at(-50)))).toEqual(["lease:e2"]);
      await tx.outbox.markFailed(e2, "HTTP 500", at(-65), false);
      expect(await tx.outbox.claim(at(-65), 10, "w7", at(-50))).toMatchObject([{ idempotencyKey: "lease:e2", attempts: 1 }]);
      for (const m of [post, e2, other]) await tx.outbox.markSent(m, at(-65));
      expect(await tx.outbox.claim(at(-40), 10, "w8", at(-30))).toEqual([]);
    });
  });

  it("has called every method of every repository above", async () => {
    const all = await db.store.transaction(async (tx) => {
      const names = Object.keys(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(tx))).filter((k) => k !== "constructor");
      return names.flatMap((repo) => Object.keys((tx as unknown as Record<string, object>)[repo]!).map((method) => `${repo}.${method}`));
    });
    expect(all.length).toBeGreaterThan(80);
    expect(all.filter((m) => !called.has(m)), "repository methods that no contract test calls: add a test of each to test/contract/repositories.test.ts").toEqual([]);
  });
});
