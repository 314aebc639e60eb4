// Many groups: each Discord server and Slack workspace belongs to one group. What a workspace of no
// group is answered, how an operator creates a group for one or joins one to a group with a one-time
// code, and the adoption of the workspaces that a database of one group served before. On SQLite and,
// in suite-postgres, on PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { adoptWorkspaces } from "../../src/core/groups/adoptWorkspaces.ts";
import { groupOfWorkspace } from "../../src/core/groups/workspaceGroup.ts";
import type { Identity } from "../../src/core/people/person.ts";
import type { WorkspaceRef } from "../../src/core/setup/group.ts";
import { buildGroup, type TestGroup } from "../support/group.ts";
import { runFrom } from "../support/governance.ts";

const GUILD: WorkspaceRef = { platform: "discord", id: "100000000000000001" };
const TEAM: WorkspaceRef = { platform: "slack", id: "T0SECOND" };
const DISCORD_OPERATOR: Identity = { platform: "discord", externalId: "200000000000000001" };
const SLACK_OPERATOR: Identity = { platform: "slack", externalId: "U0OPERATOR" };
const OPERATORS = [DISCORD_OPERATOR, SLACK_OPERATOR];
const STRANGER: Identity = { platform: "discord", externalId: "300000000000000003" };

describe("workspaces and their groups", { timeout: 60_000 }, () => {
  let g: TestGroup;
  afterEach(async () => g?.cleanup());

  it("answers a server of no group with how to create one, and writes nothing", async () => {
    g = await buildGroup({ agencies: 1 });
    expect(await groupOfWorkspace(g.deps, GUILD)).toEqual({ ok: false, refusal: { reason: "workspace_without_group", platform: "discord" } });
    const before = g.snapshot();
    for (const line of ["/poll list", '/poll open title:"Budget" closes:7d', "/setup channel purpose:announcements", "/group code", "/delegate link"]) {
      const reply = await runFrom(g, GUILD, DISCORD_OPERATOR, line, OPERATORS);
      expect(reply.data?.["refused"], line).toBe("workspace_without_group");
      expect(reply.visibility).toBe("ephemeral");
      expect(reply.text).toContain("belongs to no group yet");
      expect(reply.text).toContain('/group create name:"…"');
      expect(reply.text).toContain("/group join code:");
    }
    // A direct message belongs to no server: refused, whatever it asks.
    expect((await runFrom(g, null, DISCORD_OPERATOR, "/poll list", OPERATORS)).data?.["refused"]).toBe("no_workspace");
    // Only an operator named in BOT_OPERATORS may create a group where there is none.
    const stranger = await runFrom(g, GUILD, STRANGER, '/group create name:"Working group"', OPERATORS);
    expect(stranger.data?.["refused"]).toBe("role_required");
    expect(stranger.text).toContain("an operator named in BOT_OPERATORS");
    expect(g.snapshot()).toEqual(before);
  });

  it("creates a group for the server, which then serves it, with its founder as operator and Secretariat", async () => {
    g = await buildGroup({ agencies: 1 });
    const created = await runFrom(g, GUILD, DISCORD_OPERATOR, '/group create name:"Working group" timezone:Europe/Paris', OPERATORS);
    expect(created.data?.["refused"]).toBeUndefined();
    const groupId = created.data?.["group"] as number;
    expect(groupId).not.toBe(g.groupId);
    const resolved = await groupOfWorkspace(g.deps, GUILD);
    expect(resolved.ok && resolved.value).toMatchObject({ id: groupId, name: "Working group", timezone: "Europe/Paris" });
    // The founder may now do the Secretariat's work there, and only there.
    expect((await runFrom(g, GUILD, DISCORD_OPERATOR, "/agency add code:ESA name:ESA")).data?.["refused"]).toBeUndefined();
    expect(g.rows("SELECT code FROM Agency WHERE groupId = ?", groupId)).toEqual([{ code: "ESA" }]);
    expect(g.rows("SELECT code FROM Agency WHERE groupId = ?", g.groupId)).toEqual([{ code: "NASA" }]);
    // A second /group create there is refused: a server belongs to one group.
    const again = await runFrom(g, GUILD, DISCORD_OPERATOR, '/group create name:"Another"', OPERATORS);
    expect(again.data?.["refused"]).toBe("workspace_has_group");
    expect(again.text).toContain("«Working group»");
    const shown = await runFrom(g, GUILD, DISCORD_OPERATOR, "/group show");
    expect(shown.data?.["workspaces"]).toEqual([GUILD]);
  });

  it("joins a Slack workspace to the group of a Discord server with a one-time code, used once", async () => {
    g = await buildGroup({ agencies: 1 });
    const groupId = (await runFrom(g, GUILD, DISCORD_OPERATOR, '/group create name:"Working group"', OPERATORS)).data?.["group"] as number;
    // Only an operator of the group gives a code.
    expect((await runFrom(g, GUILD, STRANGER, "/group code")).data?.["refused"]).toBe("role_required");
    const given = await runFrom(g, GUILD, DISCORD_OPERATOR, "/group code");
    const code = given.data?.["code"] as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(given.visibility).toBe("ephemeral");
    // Stored hashed.
    expect(JSON.stringify(g.rows("SELECT * FROM WorkspaceJoinCode"))).not.toContain(code.replace("-", ""));

    // Entered by someone not named in BOT_OPERATORS: refused, and the code still works after.
    expect((await runFrom(g, TEAM, { platform: "slack", externalId: "U0RANDOM" }, `/group join code:${code}`, OPERATORS)).data?.["refused"]).toBe("role_required");
    const joined = await runFrom(g, TEAM, SLACK_OPERATOR, `/group join code:${code.toLowerCase()}`, OPERATORS);
    expect(joined.data?.["refused"]).toBeUndefined();
    expect(joined.text).toContain("«Working group»");
    const resolved = await groupOfWorkspace(g.deps, TEAM);
    expect(resolved.ok && resolved.value.id).toBe(groupId);
    // The operator who joined it is the group's operator on Slack now.
    expect((await runFrom(g, TEAM, SLACK_OPERATOR, "/setup channel purpose:announcements")).data?.["refused"]).toBeUndefined();

    // Used once: a third workspace cannot use it again.
    const third: WorkspaceRef = { platform: "slack", id: "T0THIRD" };
    expect((await runFrom(g, third, SLACK_OPERATOR, `/group join code:${code}`, OPERATORS)).data?.["refused"]).toBe("join_code_invalid");
    // Expired after ten minutes.
    const late = (await runFrom(g, GUILD, DISCORD_OPERATOR, "/group code")).data?.["code"] as string;
    g.clock.set(new Date(g.clock.now().getTime() + 10 * 60_000 + 1));
    const before = g.snapshot();
    expect((await runFrom(g, third, SLACK_OPERATOR, `/group join code:${late}`, OPERATORS)).data?.["refused"]).toBe("join_code_invalid");
    // A code of one group entered in a workspace of another is refused: the workspace stays where it is.
    const other = (await runFrom(g, GUILD, DISCORD_OPERATOR, "/group code")).data?.["code"] as string;
    expect(g.snapshot()).not.toEqual(before);
    const afterCode = g.snapshot();
    const moved = await runFrom(g, TEAM, SLACK_OPERATOR, `/group join code:${other}`, OPERATORS);
    expect(moved.data?.["refused"]).toBe("workspace_has_group");
    expect(g.snapshot()).toEqual(afterCode);
  });

  it("gives a server of no group to exactly one of several operators who claim it at once", async () => {
    g = await buildGroup({ agencies: 1 });
    const second: Identity = { platform: "discord", externalId: "200000000000000002" };
    const operators = [...OPERATORS, second];
    const groupsBefore = g.rows("SELECT id FROM \"Group\"").length;
    // Six claims at once, from two operators: on PostgreSQL they run side by side on the pool.
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => runFrom(g, GUILD, i % 2 ? second : DISCORD_OPERATOR, `/group create name:"Claim ${i}"`, operators)),
    );
    const won = claims.filter((reply) => reply.data?.["refused"] === undefined);
    expect(won).toHaveLength(1);
    expect(claims.filter((reply) => reply.data?.["refused"] === "workspace_has_group")).toHaveLength(5);
    const groupId = won[0]!.data?.["group"] as number;
    expect(g.rows("SELECT groupId FROM Workspace WHERE platform = 'discord' AND workspaceId = ?", GUILD.id)).toEqual([{ groupId }]);
    expect(g.rows("SELECT id FROM \"Group\"")).toHaveLength(groupsBefore + 1);

    // A workspace claimed by /group create and /group join at once ends in one group, and a join that
    // lost the race leaves its code unused.
    const code = (await runFrom(g, GUILD, DISCORD_OPERATOR, "/group code")).data?.["code"] as string;
    const [created, joined] = await Promise.all([
      runFrom(g, TEAM, SLACK_OPERATOR, '/group create name:"Slack claim"', operators),
      runFrom(g, TEAM, SLACK_OPERATOR, `/group join code:${code}`, operators),
    ]);
    const winners = [created, joined].filter((reply) => reply.data?.["refused"] === undefined);
    expect(winners).toHaveLength(1);
    expect([created, joined].find((reply) => reply !== winners[0])!.data?.["refused"]).toBe("workspace_has_group");
    const teamGroup = g.rows("SELECT groupId FROM Workspace WHERE platform = 'slack' AND workspaceId = ?", TEAM.id);
    expect(teamGroup).toHaveLength(1);
    if (winners[0] === created) {
      expect(teamGroup[0]).toEqual({ groupId: created.data?.["group"] });
      const third: WorkspaceRef = { platform: "slack", id: "T0THIRD" };
      expect((await runFrom(g, third, SLACK_OPERATOR, `/group join code:${code}`, operators)).data?.["refused"]).toBeUndefined();
    } else {
      expect(teamGroup[0]).toEqual({ groupId });
    }
  });

  it("adopts, once, the workspaces a database of one group served before the upgrade", async () => {
    g = await buildGroup({ agencies: 1 });
    // What the migration writes for a database that had a group, and bootstrapGroup for a new one.
    await g.deps.store.transaction(async (tx) => tx.groups.setAdoption("discord", g.groupId));
    expect(await adoptWorkspaces(g.deps, "slack", [TEAM.id])).toBeNull();
    expect(await adoptWorkspaces(g.deps, "discord", [GUILD.id, "100000000000000002", GUILD.id])).toEqual({ groupId: g.groupId, adopted: [GUILD.id, "100000000000000002"] });
    const resolved = await groupOfWorkspace(g.deps, GUILD);
    expect(resolved.ok && resolved.value.id).toBe(g.groupId);
    // Once: a server the bot joins later belongs to no group until an operator gives it one.
    expect(await adoptWorkspaces(g.deps, "discord", ["100000000000000009"])).toBeNull();
    expect((await groupOfWorkspace(g.deps, { platform: "discord", id: "100000000000000009" })).ok).toBe(false);
  });
});
