// Free text that reaches other people is cleaned once, in the catalogue's text option: terminal
// escapes, NUL and other control characters, and bidirectional overrides never get stored.
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../commands/index.ts";

const textOf = (line: string, option: string): unknown => {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.error);
  return (parsed.value.args as Record<string, unknown>)[option];
};

describe("text that reaches other people", () => {
  it("loses NUL, terminal escape sequences and bidi overrides, and keeps its words and new lines", () => {
    expect(textOf('/announce text:"Budget\u0000 \u001b[2J\u001b[31mred\u001b[0m agreed"', "text")).toBe("Budget red agreed");
    expect(textOf('/poll open title:"Pay \u202eusd 001\u202c now" closes:7d', "title")).toBe("Pay usd 001 now");
    expect(textOf('/poll position id:1 stance:object reason:"Line one\nline two\u2067"', "reason")).toBe("Line one\nline two");
    expect(textOf('/announce text:"\u001b]0;owned\u0007Hello"', "text")).toBe("Hello");
  });

  it("refuses a text that was nothing but control characters, as an empty one", () => {
    const parsed = parseCommand('/announce text:"\u0000\u202e\u001b[0m"');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/text: must not be empty/);
  });
});
