// An agency's positions are ordered by when the bot first received their requests, not by when they
// are applied (src/core/polls/castPosition.ts). A durable intake re-runs an interaction whose first
// handling died before its vote committed, about 10 s later on another replica, with the time it was
// first received (DeliveredRequest.receivedAt); a newer position of the same agency recorded meanwhile,
// by the same delegate or the agency's other representative, must stand. On real stores, SQLite and
// (in suite-postgres) PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/core/access/actor.ts";
import type { DeliveredRequest } from "../../src/core/access/replay.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Poll } from "../../src/core/polls/poll.ts";
import { describeRefusal } from "../../src/core/shared/refusals.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { attachAccount } from "../support/governance.ts";
import { DAY, later } from "../support/time.ts";
import { SLOW_MACHINE_MS, personId, pollRecords } from "./pollRecords.ts";

let built: TestGroup | null = null;
afterEach(async () => {
  await built?.cleanup();
  built = null;
});

const SECOND = 1_000;

/** NASA (nasa1 and nasa2, both on Discord as well), ESA and JAXA, and one open poll, so that one agency's cast never closes it. */
async function world(): Promise<{ g: TestGroup; poll: Poll; nasa1: Caller; nasa2: Caller }> {
  const g = (built = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"], representatives: 2 }));
  await attachAccount(g, "nasa1", { platform: "discord", externalId: "d-nasa1" });
  await attachAccount(g, "nasa2", { platform: "discord", externalId: "d-nasa2" });
  const poll = must(await openPoll(g.deps, g.operator, { title: "Adopt the 2027 workplan", closesAt: later(g.clock.now(), 7 * DAY) }));
  return { g, poll, nasa1: g.caller("d-nasa1", "discord"), nasa2: g.caller("d-nasa2", "discord") };
}

/** The caller pressing a button: a Discord interaction first received at `receivedAt`, handled by `handledBy`. */
function pressing(caller: Caller, id: string, receivedAt: Date, handledBy = `replica-a:${id}`): Caller {
  const request: DeliveredRequest = { id, handledBy, receivedAt };
  return { ...caller, request };
}

/** When each current position's request was received, as the database holds it (null when none). */
function requestTimes(g: TestGroup, pollId: number): { agencyId: number; requestedAt: number | null }[] {
  return g
    .rows<{ agencyId: number; requestedAt: string | null }>(`SELECT agencyId, requestedAt FROM "Position" WHERE pollId = ? ORDER BY agencyId`, pollId)
    .map((r) => ({ agencyId: r.agencyId, requestedAt: r.requestedAt === null ? null : new Date(r.requestedAt).getTime() }));
}

/** Every table but the memory of delivered requests, which a refused request still writes to (see replay.ts). */
function withoutDeliveries(snapshot: Record<string, unknown[]>): Record<string, unknown[]> {
  const { DeliveredRequest: _deliveries, ...rest } = snapshot;
  return rest;
}

function deliveries(g: TestGroup): { platform: string; requestId: string; handledBy: string }[] {
  return g.rows(`SELECT platform, requestId, handledBy FROM "DeliveredRequest" ORDER BY requestId, handledBy`);
}

describe("positions ordered by when their requests were received", { timeout: SLOW_MACHINE_MS }, () => {
  it("a cast whose request was received after the recorded one's replaces it, and keeps its own request's time", async () => {
    const { g, poll, nasa1 } = await world();
    const records = pollRecords(g, poll.id);
    const nasa = g.agency("NASA").id;
    const firstPress = g.clock.now();
    must(await castPosition(g.deps, pressing(nasa1, "press-1", firstPress), { pollId: poll.id, stance: "concur" }));
    expect(requestTimes(g, poll.id)).toEqual([{ agencyId: nasa, requestedAt: firstPress.getTime() }]);

    g.clock.advance(5 * SECOND);
    const secondPress = new Date(firstPress.getTime() + 4 * SECOND);
    const changed = must(await castPosition(g.deps, pressing(nasa1, "press-2", secondPress), { pollId: poll.id, stance: "object", reason: "Costs unclear" }));

    expect(changed.previous).toBe("concur");
    expect(records.positions()).toEqual([{ agencyId: nasa, stance: "object", reason: "Costs unclear", castById: personId(g, "nasa1") }]);
    expect(requestTimes(g, poll.id)).toEqual([{ agencyId: nasa, requestedAt: secondPress.getTime() }]);
    expect(records.history().map((c) => c.stance)).toEqual(["concur", "object"]);
    expect(records.audit().filter((a) => a.action === "position.cast").map((a) => a.details["stance"])).toEqual(["concur", "object"]);
  });

  it("a cast whose request was received at the same instant as the recorded one's is applied, as before", async () => {
    const { g, poll, nasa1, nasa2 } = await world();
    const records = pollRecords(g, poll.id);
    const pressedAt = g.clock.now();
    must(await castPosition(g.deps, pressing(nasa1, "press-1", pressedAt), { pollId: poll.id, stance: "concur" }));
    g.clock.advance(SECOND);
    must(await castPosition(g.deps, pressing(nasa2, "press-2", pressedAt), { pollId: poll.id, stance: "abstain" }));

    expect(records.positions()).toEqual([{ agencyId: g.agency("NASA").id, stance: "abstain", reason: null, castById: personId(g, "nasa2") }]);
    expect(records.history()).toHaveLength(2);
  });

  it("a re-run of the delegate's earlier press is refused: the newer position, its history, the audit and the outbox stay as they were", async () => {
    const { g, poll, nasa1 } = await world();
    const records = pollRecords(g, poll.id);
    const nasa = g.agency("NASA").id;
    // press-1 reached replica A, which died before its vote committed; press-2, 4 s later, was recorded.
    const firstPress = g.clock.now();
    g.clock.advance(4 * SECOND);
    const secondPress = g.clock.now();
    must(await castPosition(g.deps, pressing(nasa1, "press-2", secondPress), { pollId: poll.id, stance: "object", reason: "Costs unclear" }));
    const before = g.snapshot();

    // About 10 s after press-1, replica B runs it again, with the time it was first received.
    g.clock.advance(6 * SECOND);
    const rerun = await castPosition(g.deps, pressing(nasa1, "press-1", firstPress, "replica-b:press-1"), { pollId: poll.id, stance: "concur" });

    expect(rerun.ok ? "accepted" : rerun.refusal).toEqual({ reason: "superseded_position", id: poll.id, code: "NASA" });
    expect(withoutDeliveries(g.snapshot())).toEqual(withoutDeliveries(before));
    expect(records.positions()).toEqual([{ agencyId: nasa, stance: "object", reason: "Costs unclear", castById: personId(g, "nasa1") }]);
    expect(requestTimes(g, poll.id)).toEqual([{ agencyId: nasa, requestedAt: secondPress.getTime() }]);
    expect(records.history().map((c) => c.stance)).toEqual(["object"]);
    expect(records.audit().filter((a) => a.action === "position.cast")).toHaveLength(1);
    expect(records.outbox().filter((m) => m.action === "edit")).toHaveLength(1);
    // The one write a refusal makes: the request is remembered, so a replay of it is refused again.
    expect(deliveries(g)).toEqual([
      { platform: "discord", requestId: "press-1", handledBy: "replica-b:press-1" },
      { platform: "discord", requestId: "press-2", handledBy: "replica-a:press-2" },
    ]);
    if (!rerun.ok) {
      expect(describeRefusal(rerun.refusal)).toBe(
        `A later choice of your agency (NASA) on poll #${poll.id} was recorded after this one was made, so this one was not applied. ` +
          `See where NASA stands on the poll's card or with /poll show id:${poll.id}, and vote again if you still mean this one.`,
      );
    }
  });

  it("the agency's other representative's earlier request is refused likewise, and another agency's is not", async () => {
    const { g, poll, nasa1, nasa2 } = await world();
    const records = pollRecords(g, poll.id);
    const nasa = g.agency("NASA").id;
    const esa = g.agency("ESA").id;
    await attachAccount(g, "esa1", { platform: "discord", externalId: "d-esa1" });
    const earlier = g.clock.now();
    g.clock.advance(3 * SECOND);
    const pressedLater = g.clock.now();
    must(await castPosition(g.deps, pressing(nasa1, "nasa1-press", pressedLater), { pollId: poll.id, stance: "concur" }));
    const before = g.snapshot();

    g.clock.advance(8 * SECOND);
    const refused = await castPosition(g.deps, pressing(nasa2, "nasa2-press", earlier), { pollId: poll.id, stance: "object", reason: "Not yet" });
    expect(refused.ok ? "accepted" : refused.refusal).toEqual({ reason: "superseded_position", id: poll.id, code: "NASA" });
    expect(withoutDeliveries(g.snapshot())).toEqual(withoutDeliveries(before));
    expect(records.positions()).toEqual([{ agencyId: nasa, stance: "concur", reason: null, castById: personId(g, "nasa1") }]);

    // ESA's position is its own: a request received before NASA's is applied.
    must(await castPosition(g.deps, pressing(g.caller("d-esa1", "discord"), "esa1-press", earlier), { pollId: poll.id, stance: "abstain" }));
    // (NASA was recorded before ESA, so its id is the lower.)
    expect(records.positions().map((p) => [p.agencyId, p.stance])).toEqual([
      [nasa, "concur"],
      [esa, "abstain"],
    ]);
  });

  it("casts with no platform request are not ordered, as before: they apply, and keep no request time", async () => {
    const { g, poll, nasa1 } = await world();
    const records = pollRecords(g, poll.id);
    const nasa = g.agency("NASA").id;
    const pressedAt = new Date(g.clock.now().getTime() + 60 * SECOND);
    must(await castPosition(g.deps, pressing(nasa1, "press-1", pressedAt), { pollId: poll.id, stance: "concur" }));

    // On the shell (no request), after a press received later than now: applied.
    g.clock.advance(SECOND);
    const fromShell = must(await castPosition(g.deps, g.rep("NASA", 1), { pollId: poll.id, stance: "abstain" }));
    expect(fromShell.previous).toBe("concur");
    expect(records.positions()).toEqual([{ agencyId: nasa, stance: "abstain", reason: null, castById: personId(g, "nasa2") }]);
    expect(requestTimes(g, poll.id)).toEqual([{ agencyId: nasa, requestedAt: null }]);

    // A position with no request time orders nothing: any request is applied over it.
    g.clock.advance(SECOND);
    must(await castPosition(g.deps, pressing(nasa1, "press-2", new Date(pressedAt.getTime() - 30 * SECOND)), { pollId: poll.id, stance: "object", reason: "Late" }));
    expect(records.positions().map((p) => p.stance)).toEqual(["object"]);

    // And the shell again, over it.
    g.clock.advance(SECOND);
    must(await castPosition(g.deps, g.rep("NASA", 0), { pollId: poll.id, stance: "concur" }));
    expect(records.positions().map((p) => p.stance)).toEqual(["concur"]);
    expect(requestTimes(g, poll.id)).toEqual([{ agencyId: nasa, requestedAt: null }]);
    expect(records.history().map((c) => [c.stance, c.platform])).toEqual([
      ["concur", "discord"],
      ["abstain", "shell"],
      ["object", "discord"],
      ["concur", "shell"],
    ]);
  });
});
