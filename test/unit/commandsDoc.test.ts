import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandsMarkdown } from "../../scripts/commands-doc.ts";

describe("docs/commands.md", () => {
  it("matches the catalogue (run npm run docs:commands after changing commands/)", () => {
    const onDisk = readFileSync(new URL("../../docs/commands.md", import.meta.url), "utf8");
    expect(onDisk).toBe(commandsMarkdown());
  });
});
