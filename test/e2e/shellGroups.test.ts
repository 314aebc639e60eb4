// The shell creates groups and switches between them (for demos and tests): the real `npm start`,
// piped. Each group sees only its own agencies, and :group refuses a speaker the group does not know.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runShellScript, STACK_TRACE } from "../support/shell.ts";

describe("groups in the shell", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "shell-groups-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a group, works in it, lists the groups and switches back, for members only", async () => {
    const run = await runShellScript(
      [
        '/group create name:"Working group" timezone:Europe/Paris',
        "/agency add code:WGA name:\"Working agency\"",
        "/agency list",
        ":groups",
        ":group 1",
        "/agency list",
        "as alice",
        ":group 2",
        "/group create name:\"Not mine\"",
        ":group 99",
      ],
      ["--json"],
      join(dir, "bot.db"),
    );
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const m = run.messages.slice(1); // the demo's introduction comes first
    expect(m[0]?.data["group"]).toBe(2);
    expect(m[2]?.data["agencies"]).toEqual([{ code: "WGA", status: "participating" }]);
    expect(m[3]?.data).toMatchObject({ current: 2, groups: [{ id: 1, name: "Demo coordination group" }, { id: 2, name: "Working group" }] });
    expect(m[4]?.data["group"]).toBe(1);
    const demoAgencies = ((m[5]?.data["agencies"] ?? []) as { code: string }[]).map((a) => a.code);
    expect(demoAgencies).toContain("NASA");
    expect(demoAgencies).not.toContain("WGA");
    expect(m[6]?.data["refused"]).toBe("not_in_group");
    expect(m[7]?.data["refused"]).toBe("role_required");
    expect(m[8]?.data["refused"]).toBe("group_not_found");
  });
});
