// /waiting through the real shell process (npm start, scripted through stdin, --json read back).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runShellScript, STACK_TRACE } from "../support/shell.ts";

const dir = mkdtempSync(join(tmpdir(), "shell-waiting-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("/waiting in the shell", () => {
  it("lists the caller's unanswered poll until their agency responds, privately, and refuses a stranger", async () => {
    const run = await runShellScript(
      ['/poll open title:"Adopt the 2027 workplan" closes:48h', "as alice", "/waiting", "/poll position id:1 stance:concur", "/waiting", "as sam", "/waiting", "as nobody", "/waiting"],
      ["--json", "--clock", "2026-06-01T09:00:00Z"],
      join(dir, "waiting.db"),
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const waiting = run.messages.filter((m) => m.data["polls"] !== undefined || m.data["refused"] === "members_only");
    expect(waiting).toHaveLength(4);
    const [before, after, sam, nobody] = waiting;
    expect(before!.visibility).toBe("ephemeral");
    expect(before!.data["polls"]).toEqual([{ id: 1, stance: "pending" }]);
    expect(before!.text).toContain("Poll #1  Adopt the 2027 workplan");
    expect(after!.data["polls"]).toEqual([]);
    expect(after!.text).toContain("Nothing to answer.");
    expect(sam!.text).toContain("Advisor notices to acknowledge");
    expect(nobody!.data["refused"]).toBe("members_only");
  }, 120_000);
});
