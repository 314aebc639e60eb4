// Accounts are linked only by proof of ownership (a one-time code asked for on one platform and
// given back from the other), grants land on the account they name, and a head of delegation
// enrols only newcomers: the escalations of issue 9, really tried.
import { afterEach, describe, expect, it } from "vitest";
import { bootstrapGroup } from "../../src/app/bootstrapGroup.ts";
import { castPosition } from "../../src/core/polls/castPosition.ts";
import { openPoll } from "../../src/core/polls/openPoll.ts";
import { addDelegate } from "../../src/core/people/manageDelegates.ts";
import { LINK_CODE_MS, redeemLinkCode, requestLinkCode } from "../../src/core/people/linkAccounts.ts";
import { grantRole } from "../../src/core/people/manageRoles.ts";
import { unlinkAccount } from "../../src/core/people/unlinkAccount.ts";
import type { UserRef } from "../../src/core/people/userRef.ts";
import { describeRefusal } from "../../src/core/shared/refusals.ts";
import { buildGroup, must, shellUser, type TestGroup } from "../support/group.ts";
import { expectRefusedWithoutWrites, run } from "../support/governance.ts";

let g: TestGroup | undefined;
afterEach(async () => {
  await g?.cleanup();
  g = undefined;
});

const slackUser = (id: string, handle = id.toLowerCase()): UserRef => ({ handle, identity: { platform: "slack", externalId: id } });

/** NASA, ESA and JAXA; Ana represents ESA from Slack (U0ANA), and has a Discord account (D-ANA) not yet linked. */
async function world() {
  g = await buildGroup({ agencies: 3 });
  must(await addDelegate(g.deps, g.operator, { agency: "ESA", user: slackUser("U0ANA", "ana") }));
  return { g, anaSlack: g.caller("U0ANA", "slack"), anaDiscord: g.caller("D-ANA", "discord") };
}

describe("linking by proof of ownership", () => {
  it("links the account that gives the code back, and then one position is cast from either side", async () => {
    const { g, anaSlack, anaDiscord } = await world();
    const issued = must(await requestLinkCode(g.deps, anaSlack));
    expect(issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // Only a hash is stored: the code cannot be read back from the database.
    const stored = JSON.stringify(g.rows("SELECT * FROM LinkCode"));
    expect(stored).not.toContain(issued.code.replace("-", ""));
    expect(stored).not.toContain(issued.code);

    const linked = must(await redeemLinkCode(g.deps, anaDiscord, issued.code.toLowerCase()));
    expect(linked).toMatchObject({ platform: "discord", already: false, person: { handle: "ana" } });

    const poll = must(await openPoll(g.deps, g.operator, { title: "Shared ground segment", closesAt: new Date(g.clock.now().getTime() + 7 * 86_400_000) }));
    must(await castPosition(g.deps, anaDiscord, { pollId: poll.id, stance: "abstain" }));
    const second = must(await castPosition(g.deps, anaSlack, { pollId: poll.id, stance: "concur" }));
    expect(second).toMatchObject({ agencyCode: "ESA", previous: "abstain" });
    expect(g.rows("SELECT agencyId, stance FROM Position WHERE pollId = ?", poll.id)).toEqual([{ agencyId: g.agency("ESA").id, stance: "concur" }]);
  });

  it("refuses a reused, expired or wrong code in the same words, and writes nothing", async () => {
    const { g, anaSlack, anaDiscord } = await world();
    const first = must(await requestLinkCode(g.deps, anaSlack)).code;
    must(await redeemLinkCode(g.deps, anaDiscord, first));
    const reused = await expectRefusedWithoutWrites(g, () => redeemLinkCode(g.deps, g.caller("D-OTHER", "discord"), first), "link_code_invalid");

    const late = must(await requestLinkCode(g.deps, g.caller("U0ANA", "slack"))).code;
    g.clock.set(new Date(g.clock.now().getTime() + LINK_CODE_MS + 1000));
    const expired = await expectRefusedWithoutWrites(g, () => redeemLinkCode(g.deps, g.caller("D-THIRD", "discord"), late), "link_code_invalid");
    const wrong = await expectRefusedWithoutWrites(g, () => redeemLinkCode(g.deps, g.caller("D-THIRD", "discord"), "ABCD-EFGH"), "link_code_invalid");
    expect(new Set([reused, expired, wrong]).size).toBe(1);
    expect(reused).not.toMatch(/ana|ESA/);
  });

  it("never links a shell account, and a stranger cannot ask for a code", async () => {
    const { g, anaSlack } = await world();
    await expectRefusedWithoutWrites(g, () => requestLinkCode(g.deps, g.operator), "link_not_in_shell");
    const code = must(await requestLinkCode(g.deps, anaSlack)).code;
    await expectRefusedWithoutWrites(g, () => redeemLinkCode(g.deps, g.caller("nasa1"), code), "link_not_in_shell");
    await expectRefusedWithoutWrites(g, () => requestLinkCode(g.deps, g.caller("U0NOBODY", "slack")), "members_only");
  });

  it("an account already someone's is refused with a way out that works: unlink, then give the code again", async () => {
    const { g, anaSlack } = await world();
    // Bob represents NASA from Discord; his account cannot be taken by Ana's code.
    must(await addDelegate(g.deps, g.operator, { agency: "NASA", user: { handle: "bob", identity: { platform: "discord", externalId: "D-BOB" } } }));
    const code = must(await requestLinkCode(g.deps, anaSlack)).code;
    const words = await expectRefusedWithoutWrites(g, () => redeemLinkCode(g.deps, g.caller("D-BOB", "discord"), code), "identity_taken");
    expect(words).toContain("/delegate unlink user:bob platform:discord");
    // The way out it names: the Secretariat unlinks it (Bob has no other account, so he could not himself).
    await expectRefusedWithoutWrites(g, () => unlinkAccount(g.deps, g.caller("D-BOB", "discord"), { platform: "discord" }), "last_identity");
    must(await unlinkAccount(g.deps, g.operator, { platform: "discord", user: { handle: "bob", identity: { platform: "shell", externalId: "bob" } } }));
    expect(must(await redeemLinkCode(g.deps, g.caller("D-BOB", "discord"), code)).person.handle).toBe("ana");
  });

  it("a person unlinks their own other account; nobody else but the Secretariat can", async () => {
    const { g, anaSlack, anaDiscord } = await world();
    must(await redeemLinkCode(g.deps, anaDiscord, must(await requestLinkCode(g.deps, anaSlack)).code));
    await expectRefusedWithoutWrites(g, () => unlinkAccount(g.deps, g.rep("NASA"), { platform: "discord", user: slackUser("U0ANA", "ana") }), "role_required");
    must(await unlinkAccount(g.deps, anaSlack, { platform: "discord" }));
    expect(g.rows("SELECT platform, externalId FROM Identity WHERE externalId LIKE '%ANA'")).toEqual([{ platform: "slack", externalId: "U0ANA" }]);
  });
});

describe("escalations, really tried", () => {
  it("claiming another account id, then the legitimate grant for it: the claimant gains nothing", async () => {
    const { g, anaSlack } = await world();
    // The old form that attached any id is gone; the parser refuses it and nothing is written.
    const before = g.snapshot();
    const claim = await run(g, anaSlack, "/delegate link user:ana platform:slack id:U0VICTIM");
    expect(claim.data?.["refused"]).toBe("invalid_command");
    // Nor can a code be given back for someone else's account: only the account that speaks is linked.
    const code = must(await requestLinkCode(g.deps, anaSlack)).code;
    expect(g.snapshot()["Identity"]).toEqual(before["Identity"]);
    expect(code).toBeTruthy();

    const granted = must(await grantRole(g.deps, g.operator, slackUser("U0VICTIM", "victim"), "secretariat"));
    expect(granted.handle).toBe("victim");
    const ana = g.rows<{ id: number }>("SELECT personId AS id FROM Identity WHERE externalId = 'U0ANA'")[0]!;
    expect(g.rows("SELECT role FROM RoleGrant WHERE personId = ?", ana.id)).toEqual([]);
    expect(g.rows<{ personId: number }>("SELECT personId FROM Identity WHERE externalId = 'U0VICTIM'")[0]!.personId).toBe(granted.id);
  });

  it("an id listed in BOT_OPERATORS, claimed before a restart, makes only its owner operator", async () => {
    const { g, anaSlack } = await world();
    // A name is no claim: an attacker named like the operator's account gets nothing from it.
    must(await addDelegate(g.deps, g.operator, { agency: "ESA", user: slackUser("U0MALLORY", "slack-U0OPERATOR") }));
    const code = must(await requestLinkCode(g.deps, g.caller("U0MALLORY", "slack"))).code;
    expect((await redeemLinkCode(g.deps, g.caller("U0OPERATOR", "slack"), "WRONG-CODE")).ok).toBe(false);
    expect(code).toBeTruthy();
    // The restart: the configured operator is resolved by the platform's id.
    await bootstrapGroup(g.deps, [{ platform: "slack", externalId: "U0OPERATOR" }]);
    const roles = (id: string) => g!.rows<{ role: string }>("SELECT r.role FROM RoleGrant r JOIN Identity i ON i.personId = r.personId WHERE i.externalId = ? ORDER BY r.role", id).map((r) => r.role);
    expect(roles("U0OPERATOR")).toEqual(["operator", "secretariat"]);
    expect(roles("U0MALLORY")).toEqual([]);
    expect(roles("U0ANA")).toEqual([]);
    expect(anaSlack.externalId).toBe("U0ANA");
  });

  it("a head of delegation cannot enrol the Secretariat member, nor someone of another delegation, nor appoint a head", async () => {
    const { g } = await world();
    must(await grantRole(g.deps, g.operator, shellUser("sam"), "secretariat"));
    const head = g.rep("NASA");
    const words = await expectRefusedWithoutWrites(g, () => addDelegate(g.deps, head, { agency: "NASA", user: shellUser("sam") }), "enrol_needs_secretariat");
    expect(words).toContain("only the Secretariat");
    await expectRefusedWithoutWrites(g, () => addDelegate(g.deps, head, { agency: "NASA", user: shellUser("esa1") }), "enrol_needs_secretariat");
    await expectRefusedWithoutWrites(g, () => addDelegate(g.deps, head, { agency: "NASA", user: shellUser("newbie"), head: true }), "role_required");
    await expectRefusedWithoutWrites(g, () => addDelegate(g.deps, head, { agency: "ESA", user: shellUser("newbie") }), "own_agency_only");
    expect(must(await addDelegate(g.deps, head, { agency: "NASA", user: shellUser("newbie") })).person.handle).toBe("newbie");
    expect(describeRefusal({ reason: "enrol_needs_secretariat", handle: "sam" })).toContain("sam");
  });
});
