// The local shell end to end: the real `npm start` process, scripted through stdin as the product
// promises ("scripts drive it"), with its --json output read back line by line.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runShellScript, STACK_TRACE, type ShellMessage, type ShellRun } from "../support/shell.ts";

const CLOCK = "2026-06-01T09:00:00Z";
const JSON_FLAGS = ["--json", "--clock", CLOCK];
// Each spawn takes a few seconds, more when the machine is busy: the runs go side by side.
const RUN_TIMEOUT = 120_000;

const dir = mkdtempSync(join(tmpdir(), "shell-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const freshDb = (name: string) => join(dir, `${name}.db`);

/** Fails with the process's own output, which is what one needs to see when a script goes wrong. */
function expectCleanExit(run: ShellRun): void {
  expect(run.exitCode, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toBe(0);
  expect(run.stderr).not.toMatch(STACK_TRACE);
}

/** With --json, stdout carries nothing but bot messages. */
function expectOnlyJson(run: ShellRun): void {
  const lines = run.stdout.split("\n").filter((line) => line.trim() !== "");
  expect(lines.length).toBe(run.messages.length);
}

const indexWhere = (messages: ShellMessage[], test: (m: ShellMessage) => boolean): number => {
  const at = messages.findIndex(test);
  expect(at, "expected message not found").toBeGreaterThanOrEqual(0);
  return at;
};
const nowMarker = (iso: string) => (m: ShellMessage) => m.data["now"] === iso;

describe.concurrent("the local shell through npm start", () => {
  describe("a fresh demo database and a poll's whole life", () => {
    let run: ShellRun;
    beforeAll(async () => {
      run = await runShellScript(
        [
          "/agency list",
          "# jun is a second JAXA representative, not its head: reminders go to every representative.",
          "/delegate add agency:JAXA user:jun",
          '/poll open title:"Adopt the 2027 workplan" closes:48h',
          "as alice",
          "/poll position id:1 stance:concur",
          "as bruno",
          "/poll position id:1 stance:object",
          '/poll position id:1 stance:object reason:"The budget annex is missing"',
          ":advance 24h",
          ":advance 1d",
          "/decisions",
        ],
        JSON_FLAGS,
        freshDb("demo-poll-life"),
      );
    }, RUN_TIMEOUT);

    it("exits cleanly and prints only JSON messages", () => {
      expectCleanExit(run);
      expectOnlyJson(run);
    });

    it("introduces the demo group to operator first", () => {
      const intro = run.messages[0]!;
      expect(intro.to).toBe("operator");
      expect(intro.visibility).toBe("ephemeral");
      expect(intro.text).toContain("demo group is ready");
      expect(intro.data["groupId"]).toEqual(expect.any(Number));
    });

    it("lists the demo agencies with /agency list", () => {
      const list = run.messages[1]!;
      expect(list.to).toBe("operator");
      expect(list.text).toContain("NASA — National Aeronautics and Space Administration (participating)");
      const agencies = list.data["agencies"] as { code: string; status: string }[];
      expect(agencies.map((a) => a.code).sort()).toEqual(["ASI", "CNES", "CSA", "DLR", "ESA", "ISRO", "JAXA", "KARI", "NASA"]);
      expect(agencies.find((a) => a.code === "ISRO")?.status).toBe("invited");
    });

    it("announces the opened poll in #announcements with its id", () => {
      const opened = run.messages.filter((m) => m.data["event"] === "poll.opened");
      expect(opened).toHaveLength(1);
      expect(opened[0]!.to).toBe("#announcements");
      expect(opened[0]!.visibility).toBe("channel");
      expect(opened[0]!.data["id"]).toBe(1);
      expect(opened[0]!.text).toContain("Adopt the 2027 workplan");
    });

    it("records alice's concurrence for NASA", () => {
      const reply = run.messages.find((m) => m.to === "alice" && m.data["stance"] === "concur");
      expect(reply?.data).toMatchObject({ id: 1, agency: "NASA" });
    });

    it("refuses an objection without a reason privately, naming reason:, then takes it with one", () => {
      const bruno = run.messages.filter((m) => m.to === "bruno" && m.data["now"] === undefined);
      expect(bruno[0]!.visibility).toBe("ephemeral");
      expect(bruno[0]!.text).toContain("reason:");
      expect(bruno[0]!.data["refused"]).toBe("objection_needs_reason");
      expect(bruno[1]!.data).toMatchObject({ id: 1, agency: "ESA", stance: "object" });
    });

    it("reminds by DM, 24 h before the deadline, every representative of the agencies that have not responded", () => {
      const dms = run.messages.filter((m) => m.visibility === "dm");
      // NASA (alice, nora) and ESA (bruno) responded; ISRO is only invited and has no vote.
      expect(dms.map((m) => m.to).sort()).toEqual(["chiyo", "dana", "emile", "frieda", "giulia", "hyun", "jun"]);
      for (const dm of dms) expect(dm.data).toMatchObject({ id: 1, event: "poll.reminder" });
      expect(dms.find((m) => m.to === "jun")?.data["agency"]).toBe("JAXA");

      // They fire during `:advance 24h`, not before it.
      const objected = indexWhere(run.messages, (m) => m.to === "bruno" && m.data["stance"] === "object");
      const dayLater = indexWhere(run.messages, nowMarker("2026-06-02T09:00:00.000Z"));
      for (const dm of dms) {
        const at = run.messages.indexOf(dm);
        expect(at).toBeGreaterThan(objected);
        expect(at).toBeLessThan(dayLater);
      }
    });

    it("closes the poll at its deadline as not adopted, naming ESA and its reason", () => {
      const closed = run.messages.filter((m) => m.data["event"] === "poll.closed");
      expect(closed).toHaveLength(1);
      expect(closed[0]!.to).toBe("#announcements");
      expect(closed[0]!.data).toMatchObject({ id: 1, outcome: "not adopted", decision: "2026-01" });
      expect(closed[0]!.text).toContain("ESA");
      expect(closed[0]!.text).toContain("The budget annex is missing");

      const at = run.messages.indexOf(closed[0]!);
      expect(at).toBeGreaterThan(indexWhere(run.messages, nowMarker("2026-06-02T09:00:00.000Z")));
      expect(at).toBeLessThan(indexWhere(run.messages, nowMarker("2026-06-03T09:00:00.000Z")));
    });

    it("lists decision 2026-01 with /decisions", () => {
      const register = run.messages.at(-1)!;
      expect(register.to).toBe("bruno");
      expect(register.text).toContain("2026-01");
      expect(register.data["decisions"]).toEqual([{ number: "2026-01", pollId: 1, outcome: "not adopted" }]);
    });
  });

  describe("consensus closes a poll early once every agency concurs", () => {
    let run: ShellRun;
    beforeAll(async () => {
      run = await runShellScript(
        [
          '/agency add code:NASA name:"National Aeronautics and Space Administration"',
          '/agency add code:ESA name:"European Space Agency"',
          '/agency add code:JAXA name:"Japan Aerospace Exploration Agency"',
          "/delegate add agency:NASA user:alice head:true",
          "/delegate add agency:ESA user:bruno head:true",
          "/delegate add agency:JAXA user:chiyo head:true",
          "/agency list",
          '/poll open title:"Lunar dust standard" closes:7d',
          "as alice",
          "/poll position id:1 stance:concur",
          "as bruno",
          "/poll position id:1 stance:concur",
          "as chiyo",
          "/poll position id:1 stance:concur",
          "/poll show id:1",
          // Too late to change anything now.
          "as alice",
          '/poll position id:1 stance:object reason:"Second thoughts"',
          "/poll show id:1",
        ],
        [...JSON_FLAGS, "--empty"],
        freshDb("consensus"),
      );
    }, RUN_TIMEOUT);

    it("starts an empty group: no demo agencies, only the three added", () => {
      expectCleanExit(run);
      expectOnlyJson(run);
      expect(run.messages[0]!.text).toContain("empty group");
      const list = run.messages.find((m) => Array.isArray(m.data["agencies"]));
      expect((list!.data["agencies"] as { code: string }[]).map((a) => a.code).sort()).toEqual(["ESA", "JAXA", "NASA"]);
    });

    it("reports adopted in the last concurrence and announces the decision right away", () => {
      const replies = run.messages.filter((m) => m.data["stance"] === "concur");
      expect(replies.map((m) => m.to)).toEqual(["alice", "bruno", "chiyo"]);
      expect(replies[0]!.data["outcome"]).toBeUndefined();
      expect(replies[1]!.data["outcome"]).toBeUndefined();
      expect(replies[2]!.data["outcome"]).toBe("adopted");

      const closed = run.messages.filter((m) => m.data["event"] === "poll.closed");
      expect(closed).toHaveLength(1);
      expect(closed[0]!.data).toMatchObject({ id: 1, outcome: "adopted", decision: "2026-01" });
      expect(run.messages.indexOf(closed[0]!)).toBeGreaterThan(run.messages.indexOf(replies[2]!));
    });

    it("shows the poll closed, and keeps it so when a representative tries to change position", () => {
      const shows = run.messages.filter((m) => m.data["status"] !== undefined);
      expect(shows).toHaveLength(2);
      for (const show of shows) {
        expect(show.data).toMatchObject({ id: 1, status: "closed", outcome: "adopted" });
        expect(show.data["tally"]).toMatchObject({ electorate: 3, responded: 3, concur: 3, object: 0 });
      }
      const refusal = run.messages.find((m) => m.to === "alice" && m.data["refused"] !== undefined);
      expect(refusal?.visibility).toBe("ephemeral");
      expect(refusal?.data["refused"]).toBe("poll_closed");
      expect(shows[1]!.text).not.toContain("Second thoughts");
    });
  });

  describe("bad input is refused with a clear message and changes nothing", () => {
    let run: ShellRun;
    const refusals: { line: string; speaker: string; refused: string; says: RegExp }[] = [
      { speaker: "operator", line: "/frobnicate now:true", refused: "invalid_command", says: /no command \/frobnicate/ },
      { speaker: "operator", line: "/poll list bogus:1", refused: "invalid_command", says: /no option bogus:/ },
      { speaker: "operator", line: "/poll show id:abc", refused: "invalid_command", says: /id: must be a whole number/ },
      { speaker: "operator", line: '/poll open title:"Backdated" closes:2020-01-01', refused: "date_in_past", says: /closes:? is in the past/ },
      { speaker: "nobody", line: "/poll position id:1 stance:concur", refused: "role_required", says: /Only a representative/ },
      { speaker: "alice", line: "/poll position id:2 stance:concur", refused: "poll_closed", says: /Poll #2 is closed/ },
      { speaker: "alice", line: "/poll position id:99 stance:concur", refused: "poll_not_found", says: /no poll #99/ },
      { speaker: "alice", line: '/poll open title:"My own poll" closes:7d', refused: "role_required", says: /Only the Secretariat or the chair can open a poll/ },
    ];

    beforeAll(async () => {
      const attempts = refusals.flatMap((r) => [`as ${r.speaker}`, r.line]);
      run = await runShellScript(
        [
          '/poll open title:"Stays open" closes:7d',
          '/poll open title:"Closed at once" closes:7d',
          "/poll close id:2",
          ":now",
          ...attempts,
          ":now",
          "/poll list",
          "/poll show id:1",
          "/decisions",
        ],
        JSON_FLAGS,
        freshDb("bad-input"),
      );
    }, RUN_TIMEOUT);

    const attemptReplies = () => {
      const markers = run.messages.flatMap((m, i) => (m.data["now"] !== undefined ? [i] : []));
      expect(markers).toHaveLength(2);
      return run.messages.slice(markers[0]! + 1, markers[1]);
    };

    it("answers each bad line with exactly one private refusal to whoever typed it", () => {
      expectCleanExit(run);
      expectOnlyJson(run);
      const replies = attemptReplies();
      expect(replies).toHaveLength(refusals.length);
      refusals.forEach((expected, i) => {
        const reply = replies[i]!;
        expect(reply.to, expected.line).toBe(expected.speaker);
        expect(reply.visibility, expected.line).toBe("ephemeral");
        expect(reply.data["refused"], expected.line).toBe(expected.refused);
        expect(reply.text, expected.line).toMatch(expected.says);
        expect(reply.text, expected.line).not.toMatch(STACK_TRACE);
      });
    });

    it("writes nothing: the polls, their positions and the register are as before the bad lines", () => {
      const [list, show, register] = run.messages.slice(-3);
      expect(list!.data["polls"]).toEqual([
        { id: 1, status: "open", outcome: null },
        { id: 2, status: "closed", outcome: "lapsed" },
      ]);
      expect(show!.data).toMatchObject({ id: 1, status: "open" });
      expect(show!.data["tally"]).toMatchObject({ responded: 0, concur: 0, abstain: 0, object: 0 });
      expect(register!.data["decisions"]).toEqual([{ number: "2026-01", pollId: 2, outcome: "lapsed" }]);
      expect(run.messages.filter((m) => m.data["event"] === "poll.opened")).toHaveLength(2);
    });
  });

  describe("the database outlives the process", () => {
    const db = freshDb("persistence");
    let first: ShellRun;
    let second: ShellRun;
    beforeAll(async () => {
      first = await runShellScript(['/poll open title:"Keep me" closes:2d', "as bruno", '/poll position id:1 stance:object reason:"Needs costing"'], JSON_FLAGS, db);
      second = await runShellScript(["/poll show id:1", ":advance 3d", ":advance 3d", "/poll show id:1", "/decisions"], JSON_FLAGS, db);
    }, RUN_TIMEOUT * 2);

    it("records the position in the first run", () => {
      expectCleanExit(first);
      expect(first.messages.find((m) => m.to === "bruno")?.data).toMatchObject({ id: 1, agency: "ESA", stance: "object" });
    });

    it("finds the poll and the position in the second run, without seeding or announcing anything again", () => {
      expectCleanExit(second);
      expectOnlyJson(second);
      const show = second.messages[0]!;
      expect(show.data).toMatchObject({ id: 1, status: "open" });
      expect(show.data["tally"]).toMatchObject({ responded: 1, object: 1 });
      expect(show.text).toContain("ESA: object — Needs costing (bruno)");
      expect(second.messages.filter((m) => m.text.includes("demo group") || m.data["event"] === "poll.opened")).toEqual([]);
    });

    it("closes the poll exactly once when the clock passes its deadline", () => {
      const closed = second.messages.filter((m) => m.data["event"] === "poll.closed");
      expect(closed).toHaveLength(1);
      expect(closed[0]!.data).toMatchObject({ id: 1, outcome: "not adopted", decision: "2026-01" });
      expect(closed[0]!.text).toContain("ESA: Needs costing");
      // During the first :advance, before the clock reports 4 June.
      expect(second.messages.indexOf(closed[0]!)).toBeLessThan(indexWhere(second.messages, nowMarker("2026-06-04T09:00:00.000Z")));

      const [show, register] = second.messages.slice(-2);
      expect(show!.data).toMatchObject({ id: 1, status: "closed", outcome: "not adopted" });
      expect(register!.data["decisions"]).toEqual([{ number: "2026-01", pollId: 1, outcome: "not adopted" }]);
    });
  });

  describe("script syntax: comments, blank lines, :now and as", () => {
    let run: ShellRun;
    beforeAll(async () => {
      run = await runShellScript(
        [
          "# A comment that looks like a command must not run: /agency add code:NOPE name:Nope",
          "   # Nor an indented one: /agency add code:NOPE name:Nope",
          ":now",
          "",
          "   ",
          "\t",
          ":now",
          "/agency add code:NASA name:NASA",
          "/delegate add agency:NASA user:alice head:true",
          "as alice",
          "/agency list",
          ":now",
          "as @operator",
          ":advance 90m",
          ":now",
          "/agency list",
        ],
        [...JSON_FLAGS, "--empty"],
        freshDb("syntax"),
      );
    }, RUN_TIMEOUT);

    it("ignores comments and blank lines: they print nothing and run nothing", () => {
      expectCleanExit(run);
      expectOnlyJson(run);
      // intro, :now, :now — nothing in between.
      expect(run.messages[1]!.data["now"]).toBe("2026-06-01T09:00:00.000Z");
      expect(run.messages[2]!.data["now"]).toBe("2026-06-01T09:00:00.000Z");
      const lists = run.messages.filter((m) => Array.isArray(m.data["agencies"]));
      for (const list of lists) expect(list.data["agencies"]).toEqual([{ code: "NASA", status: "participating" }]);
    });

    it("prints the simulated time with :now, and the moved time after :advance", () => {
      expect(run.messages[1]!.text).toBe("Now: 2026-06-01 09:00 UTC");
      const nows = run.messages.filter((m) => m.data["now"] !== undefined).map((m) => [m.to, m.text]);
      expect(nows).toEqual([
        ["operator", "Now: 2026-06-01 09:00 UTC"],
        ["operator", "Now: 2026-06-01 09:00 UTC"],
        ["alice", "Now: 2026-06-01 09:00 UTC"],
        ["operator", "Now: 2026-06-01 10:30 UTC"],
        ["operator", "Now: 2026-06-01 10:30 UTC"],
      ]);
    });

    it("addresses each reply to whoever is speaking, as switched by as HANDLE (with or without @)", () => {
      expect(run.messages.map((m) => m.to)).toEqual(["operator", "operator", "operator", "operator", "operator", "alice", "alice", "operator", "operator", "operator"]);
    });
  });

  it("prints readable lines without --json", async () => {
    const run = await runShellScript(
      [
        "# no JSON here",
        "/agency add code:NASA name:NASA",
        "/agency add code:ESA name:ESA",
        "/delegate add agency:NASA user:alice head:true",
        "/delegate add agency:ESA user:bruno head:true",
        '/poll open title:"Readable" closes:7d',
        "as alice",
        "/poll position id:1 stance:concur",
        ":now",
        "as operator",
        "/poll remind id:1",
      ],
      ["--clock", CLOCK, "--empty"],
      freshDb("readable"),
    );
    expectCleanExit(run);
    expect(run.messages).toEqual([]);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("[only operator] A new, empty group is ready. You are operator, with Secretariat rights. /help lists the commands.");
    expect(lines).toContain("[#announcements] New poll #1 «Readable»: closes 2026-06-08 09:00 UTC. 2 agencies take part (consensus: adopted if nobody objects and more than half of the agencies respond).");
    // A message's further lines are indented under it.
    expect(lines).toContain("  Respond with /poll position id:1 stance:concur|abstain|object");
    expect(lines.some((l) => /^\[alice\] NASA's position on poll #1 is now concur\./.test(l))).toBe(true);
    expect(lines).toContain("[only alice] Now: 2026-06-01 09:00 UTC");
    expect(lines.some((l) => /^\[dm bruno\] Reminder: poll #1 «Readable» closes 2026-06-08 09:00 UTC and ESA has not responded yet\./.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith("[dm alice]"))).toBe(false);
  }, RUN_TIMEOUT);

  it("refuses an unknown flag with the usage on stderr, a non-zero exit and no stack trace", async () => {
    const db = freshDb("never-created");
    const run = await runShellScript([":now"], ["--bogus"], db, { silent: false });
    expect(run.exitCode).not.toBe(0);
    expect(run.exitCode).not.toBeNull();
    expect(run.stderr).toContain("Unknown option --bogus");
    expect(run.stderr).toContain("Usage: npm start -- [--json] [--clock ISO] [--db PATH] [--empty]");
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout).not.toContain("Now:");
    // Refused before anything was opened.
    expect(existsSync(db)).toBe(false);
  }, RUN_TIMEOUT);
});
