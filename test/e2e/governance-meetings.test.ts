// A meeting's whole life through the real `npm start` shell, scripted on stdin with --json: created,
// two competing venues (one first refused for want of costs:accepted), the venue agreed by consensus,
// scheduled, an advisor notified late and acknowledged, reminders fired by :advance, held, minutes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runShellScript, STACK_TRACE, type ShellMessage, type ShellRun } from "../support/shell.ts";

const dir = mkdtempSync(join(tmpdir(), "governance-meetings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = [
  "/agency add code:ESA name:\"European Space Agency\"",
  "/agency add code:CNES name:\"Centre national d'études spatiales\"",
  "/agency add code:JAXA name:\"Japan Aerospace Exploration Agency\"",
  "/delegate add agency:ESA user:bruno head:true",
  "/delegate add agency:CNES user:emile head:true",
  "/delegate add agency:JAXA user:chiyo head:true",
  "/chair set agency:JAXA user:chiyo from:2026-06-01",
  "# The Secretariat (operator) creates the plenary.",
  '/meeting create title:"Plenary 2026" starts:2026-10-12 ends:2026-10-14 timezone:Europe/Paris event:"Lunar exploration symposium"',
  "as bruno",
  '/venue propose meeting:1 hosts:ESA,CNES city:Noordwijk country:Netherlands venue:"ESTEC"',
  '/venue propose meeting:1 hosts:ESA,CNES city:Noordwijk country:Netherlands venue:"ESTEC" costs:accepted',
  "as chiyo",
  "/venue propose meeting:1 hosts:JAXA city:Tokyo country:Japan costs:accepted",
  "/venue consensus id:1 closes:7d",
  "as emile",
  "/venue confirm id:1",
  "/venue confirm id:1",
  "as chiyo",
  "/venue consensus id:1 closes:7d",
  "as bruno",
  "/poll position id:1 stance:concur",
  "as emile",
  "/poll position id:1 stance:concur",
  "as chiyo",
  "/poll position id:1 stance:concur",
  "as operator",
  "/meeting show id:1",
  "/venue list meeting:1",
  "/meeting schedule id:1",
  "/meeting ics id:1",
  "# To 1 October: the 90- and 30-day reminders fire on the way; 11 days before is inside the 14-day notice period.",
  ":advance 122d",
  "as bruno",
  '/advisor notify meeting:1 name:"Jane Doe" affiliation:"TU Delft" purpose:"Lunar regolith expertise" conflicts:none',
  "as emile",
  '/advisor notify meeting:1 name:"jane  doe" affiliation:"CNRS" purpose:"Same person, other delegation" conflicts:none',
  "as jane",
  "/poll position id:1 stance:object reason:\"advisors have no voice\"",
  "as operator",
  "/advisor ack id:1",
  "/advisor ack id:1",
  "/meeting held id:1",
  "# 14 October 11:00 in Paris: the last day has begun.",
  ":advance 13d",
  "/meeting held id:1",
  "# Minutes are due 30 days after the last day (14 October), at 09:00 in Paris.",
  ":advance 33d",
  "as chiyo",
  '/meeting minutes id:1 text:"The group adopted its 2027 workplan."',
  "/meeting show id:1",
];

describe("a meeting's life in the local shell", () => {
  let run: ShellRun;
  let messages: ShellMessage[];
  let replies: { line: string; reply: ShellMessage }[] = [];
  /** The reply to the nth command of the script that starts with `command`. */
  const replyTo = (command: string, nth = 0): ShellMessage => {
    const found = replies.filter((r) => r.line.startsWith(command))[nth];
    if (!found) throw new Error(`no reply to ${command} #${nth}`);
    return found.reply;
  };

  beforeAll(async () => {
    run = await runShellScript(SCRIPT, ["--json", "--empty", "--clock", "2026-06-01T08:00:00Z"], join(dir, "meetings.db"), { timeoutMs: 120_000 });
    messages = run.messages;
    // Each command gets exactly one reply to its speaker (channel posts go to #purpose, DMs are marked dm);
    // the :advance lines answer with data.now and the start-up line with data.groupId.
    const commands = SCRIPT.filter((l) => l.startsWith("/"));
    const direct = messages.filter((m) => (m.visibility === "ephemeral" || (m.visibility === "channel" && !m.to.startsWith("#"))) && !("now" in m.data) && !("groupId" in m.data));
    expect(direct).toHaveLength(commands.length);
    replies = commands.map((line, i) => ({ line, reply: direct[i]! }));
  }, 150_000);

  it("runs the script cleanly", () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it("refuses a venue proposal without costs:accepted, then records two competing proposals", () => {
    const refused = replyTo("/venue propose", 0);
    expect(refused.visibility).toBe("ephemeral");
    expect(refused.data["refused"]).toBe("venue_costs_not_accepted");
    expect(refused.text).toContain("bear the local administrative costs");
    expect(replyTo("/venue propose", 1).data).toMatchObject({ id: 1, meetingId: 1, hosts: ["ESA", "CNES"] });
    expect(replyTo("/venue propose", 2).data).toMatchObject({ id: 2, meetingId: 1, hosts: ["JAXA"] });
  });

  it("waits for the co-host's confirmation before the venue goes to the group", () => {
    expect(replyTo("/venue propose", 1).data).toMatchObject({ toConfirm: ["CNES"] });
    const early = replyTo("/venue consensus", 0);
    expect(early.data["refused"]).toBe("venue_hosts_unconfirmed");
    expect(early.text).toContain("/venue confirm id:1");
    expect(replyTo("/venue confirm", 0).data).toMatchObject({ confirmed: "CNES", toConfirm: [] });
    expect(replyTo("/venue confirm", 1).data["refused"]).toBe("venue_host_already_confirmed");
  });

  it("agrees the venue by consensus: the meeting shows venue agreed with its hosts", () => {
    expect(replyTo("/venue consensus", 1).data).toMatchObject({ pollId: 1, proposalId: 1 });
    const last = replyTo("/poll position", 2);
    expect(last.data["outcome"]).toBe("adopted");
    expect(messages.some((m) => m.to === "#announcements" && m.data["event"] === "venue.agreed")).toBe(true);
    const shown = replyTo("/meeting show", 0);
    expect(shown.data).toMatchObject({ status: "venue agreed", city: "Noordwijk", country: "Netherlands", venue: "ESTEC", hosts: ["ESA", "CNES"], agreedProposalId: 1 });
    expect(replyTo("/venue list").data["proposals"]).toMatchObject([
      { id: 1, status: "agreed" },
      { id: 2, status: "not agreed" },
    ]);
  });

  it("schedules the meeting with reminders at 09:00 in Paris, and exports it as a calendar", () => {
    const scheduled = replyTo("/meeting schedule");
    expect(scheduled.data).toMatchObject({ status: "scheduled" });
    expect(scheduled.data["reminders"]).toEqual(["2026-07-14T07:00:00.000Z", "2026-09-12T07:00:00.000Z", "2026-10-05T07:00:00.000Z", "2026-10-11T07:00:00.000Z"]);
    const ics = replyTo("/meeting ics");
    expect(ics.data["filename"]).toBe("meeting-1-plenary-2026.ics");
    const calendar = new ICAL.Component(ICAL.parse(String(ics.data["ics"])));
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.startDate.toString()).toBe("2026-10-12");
    expect(event.endDate.toString()).toBe("2026-10-15");
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Europe/Paris");
    expect(event.location).toBe("Noordwijk, Netherlands (ESTEC)");
  });

  it("fires every reminder to each delegation as the clock advances", () => {
    const reminders = messages.filter((m) => m.visibility === "dm" && m.data["event"] === "meeting.reminder");
    const byDays = (days: number) => reminders.filter((m) => m.data["daysBefore"] === days).map((m) => m.to).sort();
    for (const days of [90, 30, 7, 1]) expect(byDays(days)).toEqual(["bruno", "chiyo", "emile"]);
    expect(reminders.find((m) => m.data["daysBefore"] === 1)?.text).toContain("starts tomorrow");
  });

  it("records the late advisor notice, keeps the advisor to one delegation, and never lets them vote", () => {
    const notified = replyTo("/advisor notify", 0);
    expect(notified.data).toMatchObject({ id: 1, agency: "ESA", late: true });
    const toSecretariat = messages.find((m) => m.to === "#secretariat" && m.data["event"] === "advisor.notified");
    expect(toSecretariat?.text).toMatch(/^LATE/);
    expect(replyTo("/advisor notify", 1).data["refused"]).toBe("advisor_in_other_delegation");
    expect(replyTo("/poll position", 3).data["refused"]).toBe("role_required");
  });

  it("acknowledges the notice once and tells the delegation", () => {
    expect(replyTo("/advisor ack", 0).data).toMatchObject({ id: 1, agency: "ESA" });
    expect(replyTo("/advisor ack", 1).data["refused"]).toBe("advisor_notice_acknowledged");
    const told = messages.filter((m) => m.data["event"] === "advisor.acknowledged");
    expect(told.map((m) => [m.to, m.visibility])).toEqual([["bruno", "dm"]]);
  });

  it("is held only once its last day has begun, reminds of minutes after 30 days, and takes the chair's minutes", () => {
    expect(replyTo("/meeting held", 0).data["refused"]).toBe("meeting_not_over");
    expect(replyTo("/meeting held", 1).data).toMatchObject({ status: "held", minutesDueAt: "2026-11-13T08:00:00.000Z" });
    const due = messages.filter((m) => m.data["event"] === "meeting.minutes-due");
    expect(due.map((m) => m.to)).toEqual(["#secretariat"]);
    expect(replyTo("/meeting minutes").data).toMatchObject({ status: "minutes issued" });
    const final = replyTo("/meeting show", 1);
    expect(final.data["status"]).toBe("minutes issued");
    expect(final.text).toContain("The group adopted its 2027 workplan.");
    expect(final.data["advisors"]).toEqual({ notified: 1, late: 1, unacknowledged: 0 });
  });
});
