// Exports of the decision register, the meetings and the agencies, read back the way a spreadsheet or
// a script would: CSV parsed by an RFC 4180 reader, JSON parsed, Markdown split into table rows.
import { afterEach, describe, expect, it } from "vitest";
import { addAgency, withdrawAgency } from "../../src/core/agencies/manageAgencies.ts";
import { exportAgencies } from "../../src/core/exports/exportAgencies.ts";
import { exportDecisions } from "../../src/core/exports/exportDecisions.ts";
import { toCsv, type Column } from "../../src/core/exports/exportFile.ts";
import { exportMeetings } from "../../src/core/exports/exportMeetings.ts";
import { createMeeting } from "../../src/core/meetings/createMeeting.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { closePoll } from "../../src/core/polls/closePoll.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { proposeVenue } from "../../src/core/venues/proposeVenue.ts";
import { putVenueToConsensus } from "../../src/core/venues/putVenueToConsensus.ts";
import { buildGroup, must, shellUser, type TestGroup } from "../support/group.ts";
import { run } from "../support/governance.ts";
import { DAY } from "../support/time.ts";

let g: TestGroup;
afterEach(async () => g?.cleanup());

/** An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === "") (quoted = true), i++;
    else if (c === ",") record.push(field), (field = ""), i++;
    else if (c === "\r" && text[i + 1] === "\n") record.push(field), records.push(record), (record = []), (field = ""), (i += 2);
    else if (c === "\n" || c === "\r") throw new Error(`bare line break at ${i}: RFC 4180 ends records with CRLF`);
    else (field += c), i++;
  }
  if (field !== "" || record.length) throw new Error("the last record does not end with CRLF");
  return records;
}

const asObjects = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]])));
const mdRows = (md: string) => md.trimEnd().split("\n").map((line) => line.slice(2, -2).split(/ (?<!\\)\| /));

/** Three agencies; decision 2026-01 adopted with a tricky title, 2026-02 not adopted with a tricky reason. */
async function register() {
  g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
  must(await addDelegate(g.deps, g.operator, { agency: "NASA", user: shellUser("nora") }));
  const closesAt = new Date(g.clock.now().getTime() + 7 * DAY);
  const first = must(await openPoll(g.deps, g.operator, { title: 'Adopt the "Roadmap", 4th edition', closesAt }));
  must(await castPosition(g.deps, g.rep("NASA"), { pollId: first.id, stance: "abstain" }));
  must(await castPosition(g.deps, g.caller("nora"), { pollId: first.id, stance: "concur" }));
  must(await castPosition(g.deps, g.rep("ESA"), { pollId: first.id, stance: "concur" }));
  must(await castPosition(g.deps, g.rep("JAXA"), { pollId: first.id, stance: "concur" }));
  const second = must(await openPoll(g.deps, g.operator, { title: "Budget | annex", closesAt }));
  must(await castPosition(g.deps, g.rep("NASA"), { pollId: second.id, stance: "concur" }));
  must(await castPosition(g.deps, g.rep("ESA"), { pollId: second.id, stance: "object", reason: "=SUM(A1) is not a budget,\nsee \"annex B\"" }));
  must(await castPosition(g.deps, g.rep("JAXA"), { pollId: second.id, stance: "concur" }));
  // The objection keeps the poll open; the Secretariat closes it.
  must(await closePoll(g.deps, g.operator, second.id));
  return { first, second };
}

describe("the decision register", () => {
  it("as CSV: one quoted, RFC 4180 record per decision with its tally, objections and history", async () => {
    const { first, second } = await register();
    const file = must(await exportDecisions(g.deps, g.operator, "csv"));
    expect(file).toMatchObject({ format: "csv", filename: "decisions-2026-06-01.csv", mediaType: "text/csv", count: 2 });
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual(["number", "date", "poll", "title", "kind", "procedure", "outcome", "electorate", "responded", "concur", "abstain", "object", "quorum", "objections", "history"]);
    const [adopted, blocked] = asObjects(rows);
    expect(adopted).toMatchObject({ number: "2026-01", date: "2026-06-01", poll: String(first.id), title: 'Adopt the "Roadmap", 4th edition', kind: "general", outcome: "adopted", electorate: "3", responded: "3", concur: "3", abstain: "0", object: "0", quorum: "2", objections: "" });
    // The full history keeps NASA's earlier abstention, cast by nasa1 and changed by nora.
    expect(adopted!["history"]!.split("\n")).toEqual([
      expect.stringMatching(/^2026-06-01T09:00:00.000Z NASA abstain by nasa1 via shell$/),
      expect.stringMatching(/NASA concur by nora via shell$/),
      expect.stringMatching(/ESA concur by esa1 via shell$/),
      expect.stringMatching(/JAXA concur by jaxa1 via shell$/),
    ]);
    // A reason that starts like a formula opens as text in a spreadsheet.
    expect(blocked).toMatchObject({ number: "2026-02", poll: String(second.id), title: "Budget | annex", outcome: "not adopted", object: "1", objections: "ESA: =SUM(A1) is not a budget,\nsee \"annex B\"" });
    expect(blocked!["history"]).toContain('ESA object by esa1 via shell: =SUM(A1) is not a budget,\nsee "annex B"');
  });

  it("as JSON: the records with their structure", async () => {
    const { second } = await register();
    const file = must(await exportDecisions(g.deps, g.operator, "json"));
    expect(file).toMatchObject({ filename: "decisions-2026-06-01.json", mediaType: "application/json" });
    const records = JSON.parse(file.content) as Record<string, unknown>[];
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      number: "2026-02",
      pollId: second.id,
      outcome: "not adopted",
      tally: { electorate: 3, responded: 3, concur: 2, abstain: 0, object: 1, quorumNeeded: 2 },
      objections: [{ agency: "ESA", reason: '=SUM(A1) is not a budget,\nsee "annex B"' }],
    });
    expect((records[0]!["history"] as unknown[]).length).toBe(4);
  });

  it("as Markdown: a table whose cells keep pipes and line breaks inside them", async () => {
    await register();
    const file = must(await exportDecisions(g.deps, g.operator, "md"));
    const rows = mdRows(file.content);
    expect(rows).toHaveLength(4);
    expect(rows[1]!.every((c) => c === "---")).toBe(true);
    expect(rows.every((r) => r.length === 15)).toBe(true);
    expect(rows[3]![3]).toBe("Budget \\| annex");
    expect(rows[3]![13]).toBe('ESA: =SUM(A1) is not a budget,<br>see "annex B"');
  });

  it("for one year only, when asked", async () => {
    await register();
    expect(must(await exportDecisions(g.deps, g.operator, "json", 2026)).count).toBe(2);
    const none = must(await exportDecisions(g.deps, g.operator, "csv", 2025));
    expect(none).toMatchObject({ count: 0, filename: "decisions-2025-2026-06-01.csv" });
    expect(parseCsv(none.content)).toHaveLength(1);
  });

  it("matches /decisions, which lists the whole register with outcomes, tallies and objections", async () => {
    await register();
    const reply = await run(g, g.rep("JAXA"), "/decisions");
    // The objection's reason carries a line break of its own, so the second decision spans two lines.
    expect(reply.text.split("\n")).toEqual([
      '2026-01 Adopt the "Roadmap", 4th edition (poll #1): adopted, 3 concur, 0 abstain, 0 object of 3',
      "2026-02 Budget | annex (poll #2): not adopted, 2 concur, 0 abstain, 1 object of 3 — objections: ESA: =SUM(A1) is not a budget,",
      'see "annex B"',
    ]);
    expect(reply.data).toEqual({ decisions: [expect.objectContaining({ number: "2026-01" }), expect.objectContaining({ number: "2026-02", outcome: "not adopted" })] });
    expect((await run(g, g.rep("JAXA"), "/decisions year:2025")).data).toEqual({ decisions: [] });
  });
});

describe("the agencies and the meetings", () => {
  it("exports every agency, whatever its status, with its representatives", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], representatives: 2 });
    must(await addAgency(g.deps, g.operator, { code: "ISRO", name: "Indian Space Research Organisation", status: "invited", frameworkContributor: true }));
    must(await withdrawAgency(g.deps, g.operator, "ESA", "2026-05-30"));
    const rows = asObjects(parseCsv(must(await exportAgencies(g.deps, g.operator, "csv")).content));
    expect(rows).toEqual([
      expect.objectContaining({ code: "ESA", status: "withdrawn", "framework contributor": "false", representatives: "esa1 (head), esa2", withdrawn: "2026-06-01T09:00:00.000Z" }),
      expect.objectContaining({ code: "ISRO", name: "Indian Space Research Organisation", status: "invited", "framework contributor": "true", joined: "", representatives: "" }),
      expect.objectContaining({ code: "NASA", status: "participating", joined: "2026-06-01T09:00:00.000Z", representatives: "nasa1 (head), nasa2" }),
    ]);
    const json = JSON.parse(must(await exportAgencies(g.deps, g.operator, "json")).content) as { code: string; representatives: unknown[] }[];
    expect(json.find((a) => a.code === "NASA")?.representatives).toEqual([
      { handle: "nasa1", head: true },
      { handle: "nasa2", head: false },
    ]);
  });

  it("exports every meeting with its place, hosts and status", async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA", "JAXA"] });
    const tokyo = must(await createMeeting(g.deps, g.operator, { title: "Plenary, Tokyo", startsOn: "2026-10-12", endsOn: "2026-10-14", timezone: "Asia/Tokyo", event: "IAC 2026" }));
    must(await createMeeting(g.deps, g.operator, { title: "Roadmap workshop", startsOn: "2026-09-01", endsOn: "2026-09-01", kind: "workshop" }));
    const { proposal } = must(await proposeVenue(g.deps, g.rep("JAXA"), { meetingId: tokyo.id, hosts: ["JAXA"], city: "Tokyo", country: "Japan", costsAccepted: true }));
    const poll = must(await putVenueToConsensus(g.deps, g.operator, { proposalId: proposal.id, closesAt: new Date(g.clock.now().getTime() + 7 * DAY) })).poll;
    for (const code of ["NASA", "ESA", "JAXA"]) must(await castPosition(g.deps, g.rep(code), { pollId: poll.id, stance: "concur" }));

    const rows = asObjects(parseCsv(must(await exportMeetings(g.deps, g.operator, "csv")).content));
    expect(rows).toEqual([
      expect.objectContaining({ kind: "workshop", title: "Roadmap workshop", starts: "2026-09-01", status: "planning", hosts: "", city: "" }),
      expect.objectContaining({ id: String(tokyo.id), kind: "plenary", title: "Plenary, Tokyo", starts: "2026-10-12", ends: "2026-10-14", timezone: "Asia/Tokyo", status: "venue agreed", event: "IAC 2026", city: "Tokyo", country: "Japan", hosts: "JAXA" }),
    ]);
    const md = mdRows(must(await exportMeetings(g.deps, g.operator, "md")).content);
    expect(md).toHaveLength(4);
  });

  it("answers /export with the file in the reply's data, and refuses someone unknown", async () => {
    g = await buildGroup({ agencies: ["NASA"] });
    const reply = await run(g, g.rep("NASA"), "/export agencies format:md");
    expect(reply.visibility).toBe("ephemeral");
    expect(reply.text).toBe("Exported 1 agency as a Markdown table: agencies-2026-06-01.md.");
    expect(reply.data).toMatchObject({ format: "md", filename: "agencies-2026-06-01.md", count: 1 });
    expect(String(reply.data?.["content"])).toContain("| NASA | NASA agency | participating |");
    expect((await run(g, g.rep("NASA"), "/export decisions")).data).toMatchObject({ format: "csv", count: 0 });
    expect((await run(g, g.caller("stranger"), "/export meetings")).data).toEqual({ refused: "members_only" });
    expect((await run(g, g.rep("NASA"), "/export decisions format:xlsx")).data).toEqual({ refused: "invalid_command" });
  });
});

describe("the CSV writer", () => {
  it("quotes exactly the fields that need it", () => {
    const columns: Column<string[]>[] = [0, 1, 2, 3].map((i) => ({ header: `c${i}`, value: (r) => r[i] ?? null }));
    expect(toCsv(columns, [["plain", "a,b", 'say "hi"', "two\nlines"]])).toBe('c0,c1,c2,c3\r\nplain,"a,b","say ""hi""","two\nlines"\r\n');
    expect(toCsv(columns, [["+1", "-x", "@me", "=1+1"]])).toBe("c0,c1,c2,c3\r\n'+1,'-x,'@me,'=1+1\r\n");
  });
});
