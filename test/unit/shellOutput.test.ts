// What the local shell prints for a reply that carries a file (an export, a calendar).
import { describe, expect, it } from "vitest";
import { ShellOutput } from "../../src/adapters/shell/output.ts";

function printed(json: boolean, data: Record<string, unknown>): string[] {
  const lines: string[] = [];
  new ShellOutput(json, () => "UTC", (line) => lines.push(line)).print({ to: "operator", visibility: "ephemeral", text: "Exported 2 agencies as CSV: agencies.csv.", data });
  return lines.join("\n").split("\n");
}

describe("the shell's output of a file", () => {
  it("shows an export whole, between markers, after the reply", () => {
    expect(printed(false, { filename: "agencies.csv", content: "code,name\nESA,European Space Agency\nNASA,NASA\n" })).toEqual([
      "[only operator] Exported 2 agencies as CSV: agencies.csv.",
      "--- agencies.csv ---",
      "code,name",
      "ESA,European Space Agency",
      "NASA,NASA",
      "--- end of agencies.csv ---",
    ]);
  });

  it("shows a calendar the same way", () => {
    const lines = printed(false, { id: 1, filename: "plenary.ics", ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" });
    expect(lines[1]).toBe("--- plenary.ics ---");
    expect(lines.at(-1)).toBe("--- end of plenary.ics ---");
    expect(lines.join("\n")).toContain("BEGIN:VCALENDAR");
  });

  it("prints nothing more for a reply without a file, and one JSON line per message with --json", () => {
    expect(printed(false, { id: 3 })).toEqual(["[only operator] Exported 2 agencies as CSV: agencies.csv."]);
    const json = printed(true, { filename: "agencies.csv", content: "code\nESA\n" });
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0]!)).toMatchObject({ data: { filename: "agencies.csv", content: "code\nESA\n" } });
  });
});
