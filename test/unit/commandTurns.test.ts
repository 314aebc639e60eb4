// SQLite's command turns hold database work back while acknowledgements are on their way, for a
// bounded time; a steady stream of acknowledgements must not slow commands to one per hold. Without
// turns (PostgreSQL), commands run side by side, each person's in the order they arrived.
import { describe, expect, it } from "vitest";
import { CommandTurns } from "../../src/infra/db/sqlite/fileTurns.ts";
import { untakenTurns } from "../../src/infra/db/turns.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the database's command turns", () => {
  it("runs commands in order, after the acknowledgements in flight", async () => {
    const queue = new CommandTurns(5_000, 1_000);
    const order: string[] = [];
    void queue.acknowledging(sleep(150).then(() => order.push("acknowledged")));
    const started = performance.now();
    await Promise.all([queue.run("a", async () => order.push("first")), queue.run("b", async () => order.push("second"))]);
    expect(order).toEqual(["acknowledged", "first", "second"]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("holds commands back once per hold, not once per command, while acknowledgements never stop", async () => {
    const queue = new CommandTurns(300, 1_000);
    // An acknowledgement that is always in flight, as under a steady stream of interactions.
    void queue.acknowledging(new Promise(() => {}));
    const started = performance.now();
    const ran = await Promise.all(Array.from({ length: 50 }, (_, i) => queue.run(`u${i % 3}`, async () => i)));
    const elapsed = performance.now() - started;
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // One hold of 300 ms, then free running; one hold per command would take 15 s.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("without turns, run side by side, each person's in the order they arrived, counted from their arrival", async () => {
    const turns = untakenTurns();
    const order: string[] = [];
    const slowFirst = turns.run("alice", async () => {
      await sleep(200);
      order.push("alice 1");
    });
    const aliceAgain = turns.run("alice", async () => void order.push("alice 2"));
    const bob = turns.run("bob", async () => void order.push("bob"));
    expect(turns.length).toBe(3);
    // Held back for no acknowledgement.
    void turns.acknowledging(new Promise(() => {}));
    await Promise.all([slowFirst, aliceAgain, bob]);
    expect(order).toEqual(["bob", "alice 1", "alice 2"]);
    expect(turns.length).toBe(0);
  });
});
