// A poll card redrawn by two deliverers (two replicas) at once ends on the latest tally. Each redraw
// draws the card from the database when it is sent, and the platform keeps whichever edit arrives
// last; so two redraws of one card in flight at once could land in the wrong order. The outbox's
// claim (outbox.claim) lets one deliverer at a time change a message. Real core, dispatcher and
// database; the platform is a fake board that keeps what the last edit to arrive showed.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { cardOf, type Card } from "../../src/core/cards/card.ts";
import { drawCard } from "../../src/core/cards/drawCard.ts";
import type { Deps } from "../../src/core/deps.ts";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import type { Destination, QueuedMessage, Sender } from "../../src/core/outbox/message.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { bindAnnouncements } from "../support/governance.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

const tallyOf = (card: Card | null) => card?.sections.find((s) => s.id === "tally")?.lines[0]?.text ?? "(no card)";

/** The platform: what each posted message shows now, as the last edit to arrive left it. */
class Board {
  readonly shown = new Map<string, string>();
  #next = 1;
  newRef = () => `board-msg-${this.#next++}`;
}

/** One replica's sender: it draws the card when it sends, and its edit takes `latency()` to arrive. */
class BoardSender implements Sender {
  readonly platform = "board";
  /** Set to hold the next edit after it has drawn the card, until `release` is called. */
  hold: { drawn: () => void; release: Promise<void> } | null = null;
  constructor(
    private readonly board: Board,
    private readonly deps: Deps,
    private readonly latency: () => number = () => 0,
  ) {}
  async post(message: QueuedMessage, _destination: Destination): Promise<string> {
    const ref = this.board.newRef();
    this.board.shown.set(ref, tallyOf(await drawCard(this.deps, cardOf(message)!)));
    return ref;
  }
  async edit(message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    const drawn = tallyOf(await drawCard(this.deps, cardOf(message)!));
    const hold = this.hold;
    if (hold) {
      this.hold = null;
      hold.drawn();
      await hold.release;
    }
    await sleep(this.latency());
    this.board.shown.set(ref, drawn);
  }
  async remove(_message: QueuedMessage, _destination: Destination, ref: string): Promise<void> {
    this.board.shown.delete(ref);
  }
}

async function pollOnTheBoard(agencies: number) {
  g = await buildGroup({ agencies });
  await bindAnnouncements(g, "board", "B1");
  const board = new Board();
  const poll = must(await openPoll(g.deps, g.operator, { title: "Budget 2027", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
  await deliverOutbox(g.deps, [new BoardSender(board, g.deps)]);
  expect(board.shown.size).toBe(1);
  const latest = async () => tallyOf(await drawCard(g.deps, { kind: "poll", id: poll.id }));
  const shown = () => [...board.shown.values()][0];
  return { board, poll, latest, shown };
}

describe("a poll card redrawn by two deliverers at once", () => {
  it("never ends on an older tally: a newer redraw waits while another deliverer is still sending an older one", async () => {
    const { board, poll, latest, shown } = await pollOnTheBoard(3);
    const [first, second] = [g.agencies[0]!, g.agencies[1]!];
    const a = new BoardSender(board, g.deps);
    const b = new BoardSender(board, g.deps);

    must(await castPosition(g.deps, first.representatives[0]!, { pollId: poll.id, stance: "concur" }));
    const olderTally = await latest();
    // Deliverer A draws the card with one response and is slow to get it to the platform.
    let drawn!: () => void;
    const wasDrawn = new Promise<void>((resolve) => (drawn = resolve));
    let release!: () => void;
    a.hold = { drawn, release: new Promise<void>((resolve) => (release = resolve)) };
    const slow = deliverOutbox(g.deps, [a], { worker: "replica-a" });
    await wasDrawn;

    must(await castPosition(g.deps, second.representatives[0]!, { pollId: poll.id, stance: "object", reason: "Too costly" }));
    const newerTally = await latest();
    expect(newerTally).not.toBe(olderTally);
    // Deliverer B does not send the newer redraw while A still holds a change of the card…
    expect(await deliverOutbox(g.deps, [b], { worker: "replica-b" })).toBe(0);
    release();
    await slow;
    expect(shown()).toBe(olderTally);
    // …so it goes out after A's, drawn from what the database holds then.
    expect(await deliverOutbox(g.deps, [b], { worker: "replica-b" })).toBe(1);
    expect(shown()).toBe(newerTally);
  });

  it("ends on the latest tally after a burst of votes redrawn by two deliverers whose edits take random times to arrive", async () => {
    const agencies = 12;
    const { board, poll, latest, shown } = await pollOnTheBoard(agencies);
    const jitter = () => Math.floor(Math.random() * 15);
    const senders = [new BoardSender(board, g.deps, jitter), new BoardSender(board, g.deps, jitter)];
    let voting = true;
    const deliverers = senders.map(async (sender, i) => {
      while (voting) {
        await deliverOutbox(g.deps, [sender], { worker: `replica-${i}`, limit: 3 });
        await sleep(1);
      }
    });
    const stances: Stance[] = ["concur", "abstain", "object"];
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        g.agencies.map((agency, i) =>
          castPosition(g.deps, agency.representatives[0]!, { pollId: poll.id, stance: stances[(i + round) % 3]!, ...(stances[(i + round) % 3] === "object" ? { reason: "No" } : {}) }),
        ),
      );
      await sleep(5);
    }
    voting = false;
    await Promise.all(deliverers);
    // What is still queued goes out from both at once, as two replicas' next ticks would.
    await Promise.all(senders.map((sender, i) => deliverOutbox(g.deps, [sender], { worker: `replica-${i}` })));
    await Promise.all(senders.map((sender, i) => deliverOutbox(g.deps, [sender], { worker: `replica-${i}` })));
    expect(await g.deps.store.transaction((tx) => tx.outbox.due(new Date(g.clock.now().getTime() + 3_600_000), 10))).toEqual([]);
    expect(shown()).toBe(await latest());
  });
});
