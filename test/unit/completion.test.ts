// Tab completion in the interactive shell reads the catalogue: every command, subcommand, option and
// choice it offers comes from commands/, and nothing else.
import { describe, expect, it } from "vitest";
import { catalogue } from "../../commands/index.ts";
import { completeLine } from "../../src/adapters/shell/completion.ts";

const hits = (line: string) => completeLine(line)[0];

describe("the shell's Tab completion", () => {
  it("offers every command of the catalogue, and the shell's own words on an empty line", () => {
    expect(hits("/")).toEqual(catalogue.map((c) => `/${c.name} `));
    expect(hits("")).toEqual([...catalogue.map((c) => `/${c.name} `), "as ", ":now", ":advance "]);
    expect(hits("/po")).toEqual(["/poll "]);
    expect(hits(":a")).toEqual([":advance "]);
  });

  it("completes subcommands, then the options not given yet, then an option's choices", () => {
    expect(completeLine("/poll li")).toEqual([["list "], "li"]);
    expect(hits("/poll ")).toEqual(Object.keys(catalogue.find((c) => c.name === "poll")!.actions).map((a) => `${a} `));
    expect(hits("/poll position id:1 st")).toEqual(["stance:"]);
    expect(hits("/poll position id:1 stance:")).toEqual(["stance:concur ", "stance:abstain ", "stance:object "]);
    expect(hits("/poll position id:1 stance:ob")).toEqual(["stance:object "]);
    expect(hits("/poll position id:1 ")).not.toContain("id:");
    expect(hits("/agency add code:X framework:")).toEqual(["framework:true ", "framework:false "]);
    expect(hits("/help po")).toEqual(["poll "]);
  });

  it("offers nothing inside quotes, for unknown commands or for values it cannot know", () => {
    expect(hits('/poll open title:"Adopt the')).toEqual([]);
    expect(hits("/frobnicate ")).toEqual([]);
    expect(hits("/poll show id:")).toEqual([]);
  });
});
