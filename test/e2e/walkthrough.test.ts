// The README's walkthrough, run as written through the real shell, so the README stays true.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runShellScript } from "../support/shell.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const block = /<!-- walkthrough:start -->\s*```text\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
const dir = mkdtempSync(join(tmpdir(), "walkthrough-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's year in the group's life", () => {
  it("runs as written and tells the story it promises", async () => {
    expect(block, "the README has a walkthrough between its markers").not.toBeNull();
    const run = await runShellScript(block![1]!.trim().split("\n"), ["--json", "--clock", "2027-01-15T09:00:00Z"], join(dir, "year.db"));
    expect(run.exitCode).toBe(0);
    const texts = run.messages.map((m) => m.text);
    const has = (pattern: RegExp) => expect(texts.some((t) => pattern.test(t)), String(pattern)).toBe(true);
    has(/^Decision 2027-01: poll #1 «Admission of AEB .*» is adopted/);
    has(/^Host agencies bear the local administrative costs/);
    has(/^Venue agreed for meeting #1 «Plenary 2027»: Rome, Italy/);
    has(/^Decision 2027-02: poll #2 .* is adopted/);
    has(/^LATE: received 9 days before the meeting starts/);
    has(/^Acknowledged advisor notice #1/);
    has(/^Minutes of meeting #1 «Plenary 2027»/);
    has(/2027-01-15 – 2027-10-13: chiyo \(JAXA\)\n\s+2027-10-13 – now: bruno \(ESA\)/);
    expect(run.messages.filter((m) => m.data["event"] === "poll.closed").map((m) => m.data["outcome"])).toEqual(["adopted", "adopted"]);
  }, 180_000);
});
