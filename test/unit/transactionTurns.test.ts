// SQLite's transaction turns (src/infra/db/sqlite/fileTurns.ts), which used to be the Discord adapter's
// command queue: one transaction at a time in the order asked for, each after a turn of the event loop,
// held back for a bounded time while acknowledgements are on their way; a steady stream of
// acknowledgements must not slow transactions to one per hold.
import { describe, expect, it } from "vitest";
import { NestedTransactionError, TransactionTurns } from "../../src/infra/db/sqlite/fileTurns.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SQLite's transaction turns", () => {
  it("run transactions in order, after the acknowledgements in flight", async () => {
    const turns = new TransactionTurns(5_000, 1_000);
    const order: string[] = [];
    void turns.giveWayTo(sleep(150).then(() => order.push("acknowledged")));
    const started = performance.now();
    await Promise.all([turns.run(async () => order.push("first")), turns.run(async () => order.push("second"))]);
    expect(order).toEqual(["acknowledged", "first", "second"]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("hold transactions back once per hold, not once per transaction, while acknowledgements never stop", async () => {
    const turns = new TransactionTurns(300, 1_000);
    // An acknowledgement that is always in flight, as under a steady stream of interactions.
    void turns.giveWayTo(new Promise(() => {}));
    const started = performance.now();
    const ran = await Promise.all(Array.from({ length: 50 }, (_, i) => turns.run(async () => i)));
    const elapsed = performance.now() - started;
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // One hold of 300 ms, then free running; one hold per transaction would take 15 s.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("give the event loop a turn before each transaction, so a backlog cannot starve a socket or a timer", async () => {
    const turns = new TransactionTurns();
    // A counter that a setImmediate chain moves on once per turn of the event loop.
    let loopTurns = 0;
    let ticking = true;
    const tick = () => {
      loopTurns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    // Synchronous work that resolves as promise callbacks, like better-sqlite3 under Prisma.
    await Promise.all(Array.from({ length: 100 }, () => turns.run(async () => void seen.push(loopTurns))));
    ticking = false;
    // Each transaction started in a turn of its own: none of them ran back to back with the one before.
    expect(new Set(seen).size).toBe(100);
    expect(turns.waiting).toBe(0);
  });

  it("count what waits, and refuse a transaction started inside another at once", async () => {
    const turns = new TransactionTurns();
    let release = () => {};
    const running = new Promise<void>((started) => {
      void turns.run(() => new Promise<void>((resolve) => ((release = resolve), started())));
    });
    const first = running.then(() => turns.run(async () => "after the first"));
    const second = turns.run(async () => "second");
    await running;
    expect(turns.waiting).toBe(3);
    release();
    expect(await Promise.all([second, first])).toEqual(["second", "after the first"]);
    expect(turns.waiting).toBe(0);
    // Inside a turn, another would wait for the one it runs in, forever.
    await expect(turns.run(() => turns.run(async () => "inner"))).rejects.toBeInstanceOf(NestedTransactionError);
  });
});
