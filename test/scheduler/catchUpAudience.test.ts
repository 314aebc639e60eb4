// After downtime, stale reminders are folded into a summary for the people they were meant for: the
// Secretariat's alerts (chair, mandate) in its own channel, the delegations' reminders in announcements.
import { readerFor } from "../support/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { handOverChair } from "../../src/core/chair/handOverChair.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { runDueJobs } from "../../src/core/scheduler/runDueJobs.ts";
import { setMandate } from "../../src/core/setup/configureGroup.ts";
import { schedulerWorld, type SchedulerWorld } from "./support.ts";

let world: SchedulerWorld | null = null;
afterEach(async () => {
  await world?.cleanup();
  world = null;
});

interface Row {
  audience: { kind: string; purpose?: string };
  text: string;
  data: Record<string, unknown>;
}

function outbox(w: SchedulerWorld): Row[] {
  const db = readerFor(w.dbPath);
  try {
    const rows = db.rows<{ audience: string; text: string; data: string }>(`SELECT audience, text, data FROM OutboxMessage ORDER BY id`);
    return rows.map((r) => ({ audience: JSON.parse(r.audience), text: r.text, data: JSON.parse(r.data) }));
  } finally {
    db.close();
  }
}
const summaries = (w: SchedulerWorld) => outbox(w).filter((m) => m.data["event"] === "catch-up");
const summaryIn = (w: SchedulerWorld, purpose: string) => summaries(w).filter((m) => m.audience.kind === "channel" && m.audience.purpose === purpose);

async function comeBackAt(w: SchedulerWorld, iso: string) {
  const at = new Date(iso);
  w.clock.set(at);
  await runDueJobs(w.deps, "restarted", at);
}

const nasa = { handle: "nasa", identity: { platform: "shell" as const, externalId: "nasa" } };

describe("the catch-up summary after downtime", () => {
  it("sums up the Secretariat's stale alerts in its channel and the delegations' stale reminders in announcements", async () => {
    const w = (world = await schedulerWorld(["NASA", "ESA"]));
    const poll = await openPoll(w.deps, w.operator, { title: "Workplan", closesAt: new Date("2026-06-20T09:00:00Z") });
    if (!poll.ok) throw new Error(poll.refusal.reason);
    // Succession reminder due 2026-06-15 09:00; mandate alert (12 months before) 2026-06-16 09:00; poll reminder (72 h) 2026-06-17 09:00.
    const chair = await handOverChair(w.deps, w.operator, { agency: "NASA", user: nasa, from: "2025-06-15" });
    if (!chair.ok) throw new Error(chair.refusal.reason);
    const mandate = await setMandate(w.deps, w.operator, "2027-06-16");
    if (!mandate.ok) throw new Error(mandate.refusal.reason);

    await comeBackAt(w, "2026-06-18T00:00:00Z");

    const publicSummary = summaryIn(w, "announcements");
    const secretariatSummary = summaryIn(w, "secretariat");
    expect(summaries(w)).toHaveLength(2);
    expect(publicSummary).toHaveLength(1);
    expect(publicSummary[0]!.text).toContain("1 reminder fell due");
    expect(publicSummary[0]!.text).toContain(`poll #${poll.value.id} «Workplan» is still open`);
    expect(publicSummary[0]!.text).not.toContain("chaired");
    expect(publicSummary[0]!.text).not.toContain("mandate");
    expect(secretariatSummary).toHaveLength(1);
    expect(secretariatSummary[0]!.text).toContain("2 reminders fell due");
    expect(secretariatSummary[0]!.text).toContain("nasa (NASA) has chaired the group for 12 months");
    expect(secretariatSummary[0]!.text).toContain("mandate ends on 2027-06-16");
    expect(secretariatSummary[0]!.text).not.toContain("poll #");
    expect(secretariatSummary[0]!.data["folded"]).toBe(2);
    // Folded, not sent one by one.
    expect(outbox(w).filter((m) => ["chair.succession", "mandate.alert", "poll.reminder"].includes(String(m.data["event"])))).toEqual([]);

    await runDueJobs(w.deps, "restarted-again", new Date("2026-06-18T00:00:00Z"));
    expect(summaries(w)).toHaveLength(2);
  });

  it("posts nothing in announcements when only the Secretariat's alerts were folded", async () => {
    const w = (world = await schedulerWorld(["NASA", "ESA"]));
    const chair = await handOverChair(w.deps, w.operator, { agency: "NASA", user: nasa, from: "2025-06-15" });
    if (!chair.ok) throw new Error(chair.refusal.reason);

    await comeBackAt(w, "2026-06-16T09:00:00Z");

    expect(summaryIn(w, "announcements")).toEqual([]);
    expect(summaryIn(w, "secretariat").map((m) => m.text)).toEqual([expect.stringMatching(/^While I was offline, 1 reminder fell due\. .*\n• nasa \(NASA\) has chaired the group for 12 months/s)]);
  });
});
