// The vote path's statements run on better-sqlite3 beside Prisma (src/infra/db/sqlite/statements.ts).
// They must be part of Prisma's transaction (a failure after them undoes them), and what they write
// must read back through Prisma exactly as written, and the other way round.
import { afterEach, describe, expect, it } from "vitest";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { DAY, later } from "../support/time.ts";

let g: TestGroup | null = null;
afterEach(async () => {
  await g?.cleanup();
  g = null;
});

describe("the vote path's statements beside Prisma", () => {
  it("are undone with the transaction when the use case fails after them", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"] });
    const world = g;
    const poll = must(await openPoll(world.deps, world.operator, { title: "Rolled back", closesAt: later(world.clock.now(), 7 * DAY) }));
    const nasa = world.agency("NASA");
    const before = world.snapshot();

    const failing = world.deps.store.transaction(async (tx) => {
      const caster = (await tx.people.byIdentity(world.groupId, { platform: "shell", externalId: "nasa1" }))!;
      await tx.polls.castPosition({ pollId: poll.id, agencyId: nasa.id, stance: "object", reason: "No", endorsed: false, castById: caster.id, castAt: world.clock.now(), requestedAt: world.clock.now() }, "shell");
      await tx.audit.append({ groupId: world.groupId, at: world.clock.now(), actorId: caster.id, action: "position.cast", subject: `poll:${poll.id}`, details: {} });
      await tx.outbox.enqueue({ groupId: world.groupId, idempotencyKey: "rolled-back", audience: { kind: "channel", purpose: "announcements" }, text: "never", data: {} }, world.clock.now());
      // Written, and visible inside the transaction...
      expect(await tx.polls.positions(poll.id)).toHaveLength(1);
      throw new Error("the use case failed after its writes");
    });

    await expect(failing).rejects.toThrow("the use case failed after its writes");
    // ...and gone with it.
    expect(world.snapshot()).toEqual(before);
  });

  it("write dates and booleans that Prisma reads back as written, and read what Prisma wrote", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], start: "2026-06-01T09:00:00.123Z" });
    const world = g;
    const closesAt = new Date("2026-06-08T17:45:30.456Z");
    const poll = must(await openPoll(world.deps, world.operator, { title: "Round trip", closesAt }));
    const castAt = new Date("2026-06-02T10:11:12.789Z");
    const requestedAt = new Date("2026-06-02T10:11:02.341Z");

    const { read, history, positions } = await world.deps.store.transaction(async (tx) => {
      const caster = (await tx.people.byIdentity(world.groupId, { platform: "shell", externalId: "esa1" }))!;
      // Written by Prisma (poll.create), read by a statement: the same instant.
      const read = (await tx.polls.byId(poll.id))!;
      await tx.polls.castPosition({ pollId: poll.id, agencyId: world.agency("ESA").id, stance: "concur", reason: null, endorsed: true, castById: caster.id, castAt, requestedAt }, "shell");
      // Written by a statement, read by Prisma (findMany): the same instant and flag.
      return { read, history: await tx.polls.history(poll.id), positions: await tx.polls.positions(poll.id) };
    });

    expect(read.closesAt).toEqual(closesAt);
    expect(read.openedAt).toEqual(new Date("2026-06-01T09:00:00.123Z"));
    expect(history).toEqual([expect.objectContaining({ castAt, endorsed: true, reason: null, stance: "concur", platform: "shell" })]);
    expect(history[0]!.castAt).toBeInstanceOf(Date);
    // When the request was received, read back as the instant written, and stored as Prisma stores castAt.
    expect(positions).toEqual([expect.objectContaining({ castAt, requestedAt })]);
    expect(world.rows(`SELECT castAt, requestedAt FROM "Position" WHERE pollId = ?`, poll.id)).toEqual([
      { castAt: "2026-06-02T10:11:12.789+00:00", requestedAt: "2026-06-02T10:11:02.341+00:00" },
    ]);
    // The head of delegation's flag, stored by Prisma, read by the identity statement.
    const head = await world.deps.store.transaction(async (tx) => tx.people.byIdentity(world.groupId, { platform: "shell", externalId: "esa1" }));
    expect(head).toMatchObject({ handle: "esa1", isHead: true });
  });

  it("refuse to run outside a transaction", async () => {
    g = await buildGroup({ agencies: ["NASA"] });
    const world = g;
    // A repository kept past its transaction's end, as a bug (or a timed-out transaction) would.
    let kept: Parameters<Parameters<typeof world.deps.store.transaction>[0]>[0] | null = null;
    await world.deps.store.transaction(async (tx) => {
      kept = tx;
      await tx.polls.byId(1);
    });
    // SQLite's statements say so themselves; on PostgreSQL, Prisma refuses a closed transaction.
    await expect((async () => kept!.polls.byId(1))()).rejects.toThrow(/outside its transaction|Transaction already closed/);
  });
});

describe("a transaction started inside another", () => {
  it("is refused at once rather than waiting for itself forever, and the outer one is undone", async () => {
    g = await buildGroup({ agencies: ["NASA"] });
    const world = g;
    const before = world.snapshot();
    const outer = world.deps.store.transaction(async (tx) => {
      await tx.audit.append({ groupId: world.groupId, at: world.clock.now(), actorId: null, action: "outer", subject: "test", details: {} });
      await world.deps.store.transaction(async (inner) => inner.polls.byId(1));
    });
    await expect(outer).rejects.toThrow(/started inside another/);
    expect(world.snapshot()).toEqual(before);
    // Code that outlives a finished transaction may start a new one.
    await expect(world.deps.store.transaction(async (tx) => tx.polls.byId(1))).resolves.toBeNull();
  });
});
