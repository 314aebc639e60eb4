// The Discord adapter's command queue holds database work back while acknowledgements are on their
// way, for a bounded time; a steady stream of acknowledgements must not slow commands to one per hold.
import { describe, expect, it } from "vitest";
import { CommandQueue } from "../../src/adapters/discord/commandQueue.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the Discord command queue", () => {
  it("runs commands in order, after the acknowledgements in flight", async () => {
    const queue = new CommandQueue(5_000, 1_000);
    const order: string[] = [];
    void queue.acknowledging(sleep(150).then(() => order.push("acknowledged")));
    const started = performance.now();
    await Promise.all([queue.run(async () => order.push("first")), queue.run(async () => order.push("second"))]);
    expect(order).toEqual(["acknowledged", "first", "second"]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("holds commands back once per hold, not once per command, while acknowledgements never stop", async () => {
    const queue = new CommandQueue(300, 1_000);
    // An acknowledgement that is always in flight, as under a steady stream of interactions.
    void queue.acknowledging(new Promise(() => {}));
    const started = performance.now();
    const ran = await Promise.all(Array.from({ length: 50 }, (_, i) => queue.run(async () => i)));
    const elapsed = performance.now() - started;
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // One hold of 300 ms, then free running; one hold per command would take 15 s.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
  });
});
