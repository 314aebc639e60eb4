// Governance through the real `npm start` shell, scripted on stdin with --json: a join request admitted
// by the agencies' votes, a handover of the chair, an announcement scheduled then delivered by :advance,
// edited and retracted, and the exports in their three formats.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runShellScript, STACK_TRACE, type ShellMessage, type ShellRun } from "../support/shell.ts";

const RUN_TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), "governance-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = [
  '/agency add code:NASA name:"National Aeronautics and Space Administration"',
  '/agency add code:ESA name:"European Space Agency"',
  '/agency add code:JAXA name:"Japan Aerospace Exploration Agency"',
  "/delegate add agency:NASA user:alice head:true",
  "/delegate add agency:ESA user:bruno head:true",
  "/delegate add agency:JAXA user:chiyo head:true",
  "# A join request: KARI becomes an applicant and the three members decide.",
  '/membership request code:KARI name:"Korea Aerospace Research Institute" received:2026-05-20 objectives:"Lunar exploration, and a share of the roadmap"',
  "/delegate add agency:KARI user:hyun head:true",
  "as hyun",
  "/poll position id:1 stance:concur",
  "as alice",
  "/poll position id:1 stance:concur",
  "as bruno",
  "/poll position id:1 stance:concur",
  "as chiyo",
  "/poll position id:1 stance:abstain",
  "as operator",
  "/agency show code:KARI",
  "# The chair passes from NASA to ESA.",
  "/chair set agency:NASA user:alice from:2026-05-01",
  "/chair set agency:ESA user:bruno from:2026-06-01",
  "/chair status",
  "# An announcement for later, delivered when the clock gets there, then edited and retracted.",
  '/announce text:"The plenary agenda is out" at:2h',
  ":advance 3h",
  '/announcement edit id:1 text:"The plenary agenda, version 2, is out"',
  "/announcement retract id:1",
  "/announcement retract id:1",
  "# The register and the rest, as files.",
  "/export decisions",
  "/export decisions format:json",
  "/export decisions format:md",
  "/export agencies format:csv",
  "/export meetings format:json",
];

let run: ShellRun;
beforeAll(async () => {
  run = await runShellScript(SCRIPT, ["--json", "--clock", "2026-06-01T09:00:00Z", "--empty"], join(dir, "governance.db"));
}, RUN_TIMEOUT);

const find = (test: (m: ShellMessage) => boolean): ShellMessage => {
  const found = run.messages.find(test);
  expect(found, "expected message not found").toBeDefined();
  return found!;
};
const at = (test: (m: ShellMessage) => boolean): number => run.messages.findIndex(test);
const reply = (to: string, pattern: RegExp) => find((m) => m.to === to && pattern.test(m.text));

describe("governance through the shell", () => {
  it("runs the whole script without a crash", () => {
    expect(run.exitCode, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toBe(0);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.messages.filter((m) => m.data["error"] === true)).toEqual([]);
  });

  it("admits KARI after the members adopt its request, without letting it vote", () => {
    const recorded = reply("operator", /^Join request #1 from KARI/);
    expect(recorded.data).toMatchObject({ id: 1, agency: "KARI", status: "applicant", pollId: 1 });
    const announced = find((m) => m.to === "#announcements" && m.data["event"] === "membership.requested");
    expect(announced.text).toContain("Lunar exploration, and a share of the roadmap");
    expect(find((m) => m.to === "#announcements" && m.data["event"] === "poll.opened").text).toContain("3 agencies take part");
    expect(find((m) => m.to === "#secretariat" && m.data["event"] === "membership.requested").text).toContain("Membership poll #1");

    expect(find((m) => m.to === "hyun" && m.visibility === "ephemeral").data).toEqual({ refused: "not_in_electorate" });
    const closed = find((m) => m.to === "#announcements" && m.data["event"] === "poll.closed");
    expect(closed.data).toMatchObject({ outcome: "adopted", decision: "2026-01" });
    expect(reply("operator", /^KARI — Korea Aerospace Research Institute/).data).toMatchObject({ code: "KARI", status: "participating" });
  });

  it("hands the chair over and shows the history", () => {
    expect(find((m) => m.to === "#announcements" && m.data["event"] === "chair.handover" && m.data["person"] === "bruno").text).toBe(
      "bruno (ESA) chairs the group from 2026-06-01, succeeding alice (NASA), chair since 2026-05-01.",
    );
    const status = reply("operator", /^Chair: bruno \(ESA\) since 2026-06-01/);
    expect(status.data["history"]).toEqual([
      expect.objectContaining({ chair: "alice", agency: "NASA", startsOn: "2026-05-01", endedOn: "2026-06-01" }),
      expect.objectContaining({ chair: "bruno", agency: "ESA", startsOn: "2026-06-01", endedOn: null }),
    ]);
  });

  it("posts the scheduled announcement when :advance reaches its time, then edits and retracts it everywhere", () => {
    expect(reply("operator", /^Announcement #1 scheduled/).data).toMatchObject({ id: 1, status: "scheduled", postAt: "2026-06-01T11:00:00.000Z" });
    const posted = at((m) => m.to === "#announcements" && m.data["event"] === "announcement");
    const advanced = at((m) => m.data["now"] === "2026-06-01T12:00:00.000Z");
    expect(posted).toBeGreaterThan(-1);
    expect(posted).toBeLessThan(advanced);
    expect(run.messages[posted]!.text).toBe("The plenary agenda is out");
    expect(find((m) => m.to === "#announcements" && m.data["event"] === "announcement.edited").text).toBe("(edited) The plenary agenda, version 2, is out");
    expect(find((m) => m.to === "#announcements" && m.data["event"] === "announcement.retracted").text).toBe("(retracted) The plenary agenda, version 2, is out");
    const twice = run.messages.filter((m) => m.data["refused"] === "announcement_retracted");
    expect(twice).toHaveLength(1);
    expect(run.messages.filter((m) => m.to === "#announcements" && String(m.data["event"]).startsWith("announcement"))).toHaveLength(3);
  });

  it("exports the register in CSV, JSON and Markdown, and the agencies and meetings", () => {
    const exports = run.messages.filter((m) => m.to === "operator" && typeof m.data["content"] === "string");
    expect(exports.map((m) => [m.data["format"], m.data["filename"]])).toEqual([
      ["csv", "decisions-2026-06-01.csv"],
      ["json", "decisions-2026-06-01.json"],
      ["md", "decisions-2026-06-01.md"],
      ["csv", "agencies-2026-06-01.csv"],
      ["json", "meetings-2026-06-01.json"],
    ]);
    const [csv, json, md, agencies, meetings] = exports.map((m) => String(m.data["content"]));
    // No objection; the history cell spans lines, so it is quoted.
    expect(csv!.split("\r\n")[1]).toMatch(/^2026-01,2026-06-01,1,Admission of KARI \(Korea Aerospace Research Institute\),membership,consensus,adopted,3,3,2,1,0,2,,"[^"]+NASA concur by alice via shell\n/);
    expect(JSON.parse(json!)).toEqual([expect.objectContaining({ number: "2026-01", kind: "membership", outcome: "adopted", tally: expect.objectContaining({ concur: 2, abstain: 1 }) })]);
    expect(md!.split("\n")[2]).toMatch(/^\| 2026-01 \| 2026-06-01 \| 1 \| Admission of KARI \(Korea Aerospace Research Institute\) \| membership \|/);
    expect(agencies!).toContain("KARI,Korea Aerospace Research Institute,participating,false,");
    expect(JSON.parse(meetings!)).toEqual([]);
  });
});
