// Slack's Home tab on the fake Slack, in HTTP and Socket Mode: opening it publishes what is waiting
// for the user (views.publish, a "home" view built from the waiting card), and once their agency has
// responded to the open poll the Home is published again without it.
import { afterEach, describe, expect, it } from "vitest";
import { GENERAL, startSlackWorld, TEST_TIMEOUT_MS, U, type Mode, type SlackWorld } from "./slackHarness.ts";

let world: SlackWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** All the text of a published Home view's blocks. */
const homeText = (w: SlackWorld, userId: string): string => JSON.stringify(w.fake.homeViewOf(userId)?.view["blocks"] ?? []);

describe.each<Mode>(["http", "socket"])("the Home tab (%s)", (mode) => {
  it(
    "publishes the open poll when the user opens Home, and republishes without it after their agency responds",
    async () => {
      world = await startSlackWorld({ mode, runtime: true });
      const w = world;
      await w.slash(U.secretariat, "/poll", 'open title:"Adopt the budget" closes:7d', GENERAL);
      await w.until(() => w.fake.messagesIn(GENERAL).length > 0);

      const open = { userId: U.bob };
      if (mode === "http") expect((await w.fake.http.appHomeOpened(w.url, open)).status).toBe(200);
      else await w.fake.socket.appHomeOpened(open);
      const first = await w.until(() => w.fake.homeViewOf(U.bob));
      expect(first.view["type"]).toBe("home");
      expect(homeText(w, U.bob)).toContain("Poll #1");
      expect(homeText(w, U.bob)).toContain("Adopt the budget");
      // Only who opened Home gets one.
      expect(w.fake.homeViewOf(U.alice)).toBeUndefined();

      const published = w.fake.homeViews.length;
      await w.slash(U.bob, "/poll", "position id:1 stance:concur", GENERAL);
      await w.until(() => w.fake.homeViews.length > published && !homeText(w, U.bob).includes("Poll #1"));
      expect(homeText(w, U.bob)).toContain("Nothing to answer.");
      expect(w.fake.homeViewOf(U.alice)).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );
});

describe("the fake's views.publish", () => {
  it("refuses a publish without user_id, of another view type, or with more than 100 blocks, and records none of them", async () => {
    world = await startSlackWorld({ mode: "http" });
    const client = world.adapter.app.client;
    const section = { type: "section", text: { type: "mrkdwn", text: "x" } };
    const fails = (args: unknown) => expect((client.views.publish as (a: unknown) => Promise<unknown>)(args)).rejects.toMatchObject({ data: { ok: false } });
    await fails({ view: { type: "home", blocks: [section] } });
    await fails({ user_id: U.bob, view: { type: "modal", blocks: [section] } });
    await fails({ user_id: U.bob, view: { type: "home", blocks: Array.from({ length: 101 }, () => section) } });
    await fails({ user_id: U.bob, view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "y".repeat(3001) } }] } });
    expect(world.fake.homeViews).toHaveLength(0);
    // The three that broke Block Kit's limits were recorded as violations; the missing user_id was not Block Kit's.
    expect(world.fake.takeContractViolations().map((v) => v.problems)).toEqual([
      [expect.stringMatching(/^\/view\/type: /)],
      [expect.stringMatching(/^\/view\/blocks: Too big: expected array to have <=100 items/)],
      [expect.stringMatching(/^\/view\/blocks\/0\/text\/text: Too big: expected string to have <=3000 characters/)],
    ]);
    await client.views.publish({ user_id: U.bob, view: { type: "home", blocks: [section] } });
    expect(world.fake.homeViewOf(U.bob)?.view["type"]).toBe("home");
  }, TEST_TIMEOUT_MS);
});
