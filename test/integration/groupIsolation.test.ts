// Two groups on one deployment, with one person in both (the same Discord account: the Secretariat of
// one, a representative in the other) and two Discord servers and two Slack workspaces: every read
// and write stays in its group, a link code of one group is nothing in the other, and every reminder
// and announcement goes only to its own group's channels. On SQLite and, in suite-postgres, PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../src/core/outbox/deliverOutbox.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import type { Identity } from "../../src/core/people/person.ts";
import type { WorkspaceRef } from "../../src/core/setup/group.ts";
import { addAgency } from "../../src/core/agencies/manageAgencies.ts";
import { buildGroup, must, type TestGroup } from "../support/group.ts";
import { RecordingSender, runFrom } from "../support/governance.ts";

const GUILD_A: WorkspaceRef = { platform: "discord", id: "110000000000000001" };
const GUILD_B: WorkspaceRef = { platform: "discord", id: "120000000000000002" };
const TEAM_A: WorkspaceRef = { platform: "slack", id: "T0GROUPA" };
const TEAM_B: WorkspaceRef = { platform: "slack", id: "T0GROUPB" };
/** In both groups: operator and Secretariat of each. */
const OPERATOR: Identity = { platform: "discord", externalId: "900000000000000009" };
const SLACK_OPERATOR: Identity = { platform: "slack", externalId: "U0OPERATOR" };
const OPERATORS = [OPERATOR, SLACK_OPERATOR];
/** In both groups: NASA's representative in A, ESA's in B. */
const DUAL: Identity = { platform: "discord", externalId: "800000000000000008" };

describe("two groups on one deployment", { timeout: 120_000 }, () => {
  let g: TestGroup;
  let groupB = 0;
  let pollA = 0;
  let pollB = 0;
  const from = (w: WorkspaceRef, who: Identity, line: string, channelId = "test") => runFrom(g, w, who, line, OPERATORS, channelId);
  const ok = async (w: WorkspaceRef, who: Identity, line: string, channelId = "test") => {
    const reply = await from(w, who, line, channelId);
    expect(reply.data?.["refused"], `${line}: ${reply.text}`).toBeUndefined();
    return reply;
  };

  beforeAll(async () => {
    g = await buildGroup({ agencies: ["NASA", "ESA"], representatives: 1 });
    // Group A is the database's first group: its server and workspace were adopted at the upgrade.
    await g.deps.store.transaction(async (tx) => {
      await tx.groups.addWorkspace(g.groupId, GUILD_A, g.clock.now());
      await tx.groups.addWorkspace(g.groupId, TEAM_A, g.clock.now());
    });
    must(await grantRole(g.deps, g.operator, { handle: "op", identity: OPERATOR }, "secretariat"));
    must(await addDelegate(g.deps, g.operator, { agency: "NASA", user: { handle: "dual", identity: DUAL } }));
    // Group B: created for its own server, and its Slack workspace joined with a code.
    groupB = (await ok(GUILD_B, OPERATOR, '/group create name:"Working group" timezone:Europe/Paris')).data?.["group"] as number;
    const code = (await ok(GUILD_B, OPERATOR, "/group code")).data?.["code"] as string;
    await ok(TEAM_B, SLACK_OPERATOR, `/group join code:${code}`);
    const operatorB = { groupId: groupB, ...OPERATOR };
    for (const agency of ["ESA", "JAXA"]) must(await addAgency(g.deps, operatorB, { code: agency, name: agency }));
    must(await addDelegate(g.deps, operatorB, { agency: "ESA", user: { handle: "dual", identity: DUAL } }));
    must(await addDelegate(g.deps, operatorB, { agency: "JAXA", user: { handle: "jay", identity: { platform: "discord", externalId: "700000000000000007" } } }));
    // Each group binds its own channels on its own server.
    await ok(GUILD_A, OPERATOR, "/setup channel purpose:announcements", "A-ANN");
    await ok(GUILD_A, OPERATOR, "/setup channel purpose:secretariat", "A-SEC");
    await ok(GUILD_B, OPERATOR, "/setup channel purpose:announcements", "B-ANN");
    await ok(GUILD_B, OPERATOR, "/setup channel purpose:secretariat", "B-SEC");
    pollA = (await ok(GUILD_A, OPERATOR, '/poll open title:"Budget of A" closes:2d')).data?.["id"] as number;
    pollB = (await ok(GUILD_B, OPERATOR, '/poll open title:"Workplan of B" closes:3d')).data?.["id"] as number;
    await ok(GUILD_A, OPERATOR, '/announce text:"News for A" at:1h');
    await ok(GUILD_B, OPERATOR, '/announce text:"News for B" at:1h');
    await ok(GUILD_B, OPERATOR, '/meeting create title:"B plenary" starts:2026-09-01 ends:2026-09-02');
  });
  afterAll(async () => g?.cleanup());

  it("reads only its own group, from either of its workspaces", async () => {
    const listB = (await ok(TEAM_B, DUAL, "/poll list")).text;
    expect(listB).toContain("Workplan of B");
    expect(listB).not.toContain("Budget of A");
    const listA = (await ok(GUILD_A, DUAL, "/poll list")).text;
    expect(listA).toContain("Budget of A");
    expect(listA).not.toContain("Workplan of B");
    expect((await from(GUILD_B, DUAL, `/poll show id:${pollA}`)).data?.["refused"]).toBe("poll_not_found");
    expect((await ok(GUILD_B, DUAL, "/agency list")).data?.["agencies"]).toEqual([
      { code: "ESA", status: "participating" },
      { code: "JAXA", status: "participating" },
    ]);
    const exported = String((await ok(GUILD_B, OPERATOR, "/export agencies format:csv")).data?.["content"]);
    expect(exported).toContain("JAXA");
    expect(exported).not.toContain("NASA");
    expect((await ok(GUILD_A, OPERATOR, "/meeting list")).text).not.toContain("B plenary");
    const delegatesA = (await ok(GUILD_A, OPERATOR, "/delegate list")).text;
    expect(delegatesA).not.toContain("jay");
  });

  it("writes only in its own group: a position on another group's poll is refused and writes nothing", async () => {
    const before = g.snapshot();
    expect((await from(GUILD_B, DUAL, `/poll position id:${pollA} stance:object reason:"Not here"`)).data?.["refused"]).toBe("poll_not_found");
    expect((await from(GUILD_B, OPERATOR, `/poll close id:${pollA}`)).data?.["refused"]).toBe("poll_not_found");
    expect(g.snapshot()).toEqual(before);
    // The same account speaks for NASA in A and for ESA in B.
    await ok(GUILD_A, DUAL, `/poll position id:${pollA} stance:concur`);
    await ok(GUILD_B, DUAL, `/poll position id:${pollB} stance:abstain`);
    const positions = g.rows<{ pollId: number; code: string; stance: string; groupId: number }>(
      'SELECT p.pollId, a.code, p.stance, a.groupId FROM Position p JOIN Agency a ON a.id = p.agencyId ORDER BY p.pollId',
    );
    expect(positions).toEqual([
      { pollId: pollA, code: "NASA", stance: "concur", groupId: g.groupId },
      { pollId: pollB, code: "ESA", stance: "abstain", groupId: groupB },
    ]);
  });

  it("refuses a /delegate link code asked for in one group when it is given back in the other", async () => {
    const code = (await ok(GUILD_A, DUAL, "/delegate link platform:slack")).data?.["code"] as string;
    const before = g.snapshot();
    const reply = await from(TEAM_B, { platform: "slack", externalId: "U0DUAL" }, `/delegate link code:${code}`);
    expect(reply.data?.["refused"]).toBe("link_code_invalid");
    expect(g.snapshot()).toEqual(before);
    // In its own group the same code links the account.
    await ok(TEAM_A, { platform: "slack", externalId: "U0DUAL" }, `/delegate link code:${code}`);
  });

  it("sends every reminder, closing and announcement only to its own group's channels", async () => {
    const discord = new RecordingSender("discord");
    const shell = new RecordingSender("shell");
    const slack = new RecordingSender("slack");
    await deliverOutbox(g.deps, [discord, shell, slack]);
    await g.advanceTo(new Date(g.clock.now().getTime() + 4 * 24 * 3600_000));
    await deliverOutbox(g.deps, [discord, shell, slack]);
    const calls = [...discord.calls, ...shell.calls, ...slack.calls];
    const channelsOf = (groupId: number) => new Set(calls.filter((c) => c.groupId === groupId && c.where.includes("#")).map((c) => c.where.replace(/^.*#/, "")));
    const ownA = new Set(g.rows<{ channelId: string }>("SELECT channelId FROM ChannelBinding WHERE groupId = ?", g.groupId).map((r) => r.channelId));
    expect([...channelsOf(g.groupId)].every((c) => ownA.has(c))).toBe(true);
    expect([...channelsOf(groupB)].every((c) => c === "B-ANN" || c === "B-SEC")).toBe(true);
    expect(channelsOf(groupB).has("B-ANN")).toBe(true);
    expect(channelsOf(g.groupId).has("A-ANN")).toBe(true);
    const textsIn = (channel: string) => calls.filter((c) => c.where.endsWith(`#${channel}`)).map((c) => c.text);
    expect(textsIn("A-ANN").some((t) => t.includes("News for A"))).toBe(true);
    expect(textsIn("B-ANN").some((t) => t.includes("News for B"))).toBe(true);
    expect(textsIn("A-ANN").some((t) => t.includes("for B") || t.includes("Workplan of B"))).toBe(false);
    expect(textsIn("B-ANN").some((t) => t.includes("for A") || t.includes("Budget of A"))).toBe(false);
    // Both polls closed, each announced in its own group only.
    expect(textsIn("A-ANN").some((t) => t.includes("Budget of A"))).toBe(true);
    expect(textsIn("B-ANN").some((t) => t.includes("Workplan of B"))).toBe(true);
    // Direct messages go to people of the message's own group.
    const people = g.rows<{ handle: string; groupId: number }>("SELECT handle, groupId FROM Person");
    for (const dm of calls.filter((c) => c.where.includes("@"))) {
      const handle = dm.where.replace(/^.*@/, "");
      expect(people.some((p) => p.handle === handle && p.groupId === dm.groupId), `${dm.where} for group ${dm.groupId}`).toBe(true);
    }
  });
});
