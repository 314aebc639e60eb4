// The bot stopped across several due times, then started again: the real `npm start` process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

interface Message {
  to: string;
  visibility: string;
  text: string;
  data: Record<string, unknown>;
}

const dir = mkdtempSync(join(tmpdir(), "downtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(db: string, clock: string, lines: string[]): Message[] {
  const run = spawnSync("npm", ["start", "--silent", "--", "--json", "--empty", "--db", db, "--clock", clock], {
    input: lines.join("\n") + "\n",
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`shell exited ${run.status}: ${run.stderr}`);
  return run.stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Message);
}

const setup = ["/agency add code:NASA name:NASA", "/agency add code:ESA name:ESA", "/agency add code:JAXA name:JAXA", "/delegate add agency:NASA user:alice head:true", "/delegate add agency:ESA user:bruno head:true", "/delegate add agency:JAXA user:chiyo head:true"];

describe("downtime across several due times", () => {
  it("closes an overdue poll once on restart and folds its stale reminders away", () => {
    const db = join(dir, "closed.db");
    const first = session(db, "2026-06-01T09:00:00Z", [...setup, '/poll open title:"Workplan" closes:7d', "as alice", "/poll position id:1 stance:concur"]);
    expect(first.at(-1)?.data["stance"]).toBe("concur");

    // Both reminders and the deadline passed while the bot was down.
    const second = session(db, "2026-06-10T09:00:00Z", ["/poll show id:1"]);
    const closed = second.filter((m) => m.data["event"] === "poll.closed");
    expect(closed).toHaveLength(1);
    expect(closed[0]!.data["outcome"]).toBe("lapsed");
    expect(second.filter((m) => m.visibility === "dm")).toEqual([]);
    expect(second.filter((m) => m.data["event"] === "catch-up")).toEqual([]);
    expect(second.at(-1)?.text).toContain("lapsed");

    const third = session(db, "2026-06-11T09:00:00Z", ["/decisions"]);
    expect(third.filter((m) => m.data["event"] === "poll.closed")).toEqual([]);
    expect(third.at(-1)?.text).toMatch(/^2026-01 Workplan/);
  }, 120_000);

  it("sums up reminders that are too late to be useful, once, while the poll stays open", () => {
    const db = join(dir, "open.db");
    session(db, "2026-06-01T09:00:00Z", [...setup, '/poll open title:"Venue" closes:10d', "as bruno", "/poll position id:1 stance:abstain"]);

    // Back 12 h after the 24 h reminder fell due (threshold 6 h): one summary instead of reminders.
    const second = session(db, "2026-06-10T21:00:00Z", []);
    expect(second.filter((m) => m.visibility === "dm")).toEqual([]);
    const summaries = second.filter((m) => m.data["event"] === "catch-up");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.to).toBe("#announcements");
    expect(summaries[0]!.text).toContain("2 reminders fell due");
    expect(summaries[0]!.text).toContain("2 of 3 agencies have not responded");

    const third = session(db, "2026-06-11T08:00:00Z", []);
    expect(third.filter((m) => m.data["event"] === "catch-up" || m.visibility === "dm")).toEqual([]);
    // The deadline comes while running: the closing announcement appears once.
    const fourth = session(db, "2026-06-11T09:00:00Z", [":advance 1h"]);
    expect(fourth.filter((m) => m.data["event"] === "poll.closed")).toHaveLength(1);
  }, 120_000);
});
