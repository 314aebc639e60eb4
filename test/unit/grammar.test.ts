// The text grammar (commands/grammar.ts) and its validation against the catalogue
// (parseCommand in commands/index.ts): what users type in the shell and in Slack's free text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLine, quote } from "../../commands/grammar.ts";
import { allActionKeys, catalogue, parseCommand, type ParseResult } from "../../commands/index.ts";
import { optionNameArb, optionValueArb } from "../support/arbitraries.ts";

function parsed(line: string) {
  const r = parseCommand(line);
  if (!r.ok) throw new Error(`expected ${line} to parse, got: ${r.error}`);
  // Seen as any action's arguments: these tests read options by name across actions.
  const args: Record<string, unknown> = r.value.args;
  return { ...r.value, args };
}

function refusal(line: string): string {
  const r = parseCommand(line);
  if (r.ok) throw new Error(`expected ${line} to be refused, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe("parseLine: words, options and quotes", () => {
  it("splits words and name:value options, dropping the leading slash", () => {
    expect(parseLine("/poll show id:3")).toEqual({ ok: true, value: { words: ["poll", "show"], options: { id: "3" }, repeated: [] } });
  });

  it("keeps the spaces inside double quotes", () => {
    const r = parseLine('/poll open title:"Adopt the 2027 workplan"   closes:7d');
    expect(r).toEqual({ ok: true, value: { words: ["poll", "open"], options: { title: "Adopt the 2027 workplan", closes: "7d" }, repeated: [] } });
  });

  it("reads a backslash-escaped quote and backslash inside quotes", () => {
    const r = parseLine('/x title:"She said \\"no\\" to C:\\\\temp"');
    expect(r.ok && r.value.options["title"]).toBe('She said "no" to C:\\temp');
  });

  it("keeps colons after the first as part of the value", () => {
    const r = parseLine("/x closes:2026-12-01T14:00+02:00");
    expect(r.ok && r.value.options["closes"]).toBe("2026-12-01T14:00+02:00");
  });

  it("reads an empty quoted value as an empty option", () => {
    const r = parseLine('/x title:""');
    expect(r.ok && r.value.options).toEqual({ title: "" });
  });

  it("refuses an unclosed quote and says how to fix it", () => {
    const r = parseLine('/poll open title:"Adopt the workplan closes:7d');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not closed.*closing "/);
  });

  it("treats a platform mention such as <@123> as a word, not as an option", () => {
    const r = parseLine("/role grant <@U123:x>");
    expect(r.ok && r.value.words).toEqual(["role", "grant", "<@U123:x>"]);
  });

  it("records an option given twice", () => {
    const r = parseLine("/poll show id:1 id:2");
    expect(r.ok && r.value.repeated).toEqual(["id"]);
  });

  // BUG: commands/grammar.ts:55 (parseLine) — `name in options` is true for names inherited from
  // Object.prototype, so `constructor:1`, given once, is reported as given twice.
  it("does not take an option named like an Object.prototype member for a repeated one", () => {
    const r = parseLine("/poll show constructor:1");
    expect(r.ok && r.value.repeated).toEqual([]);
  });
});

describe("quote", () => {
  it("leaves a plain value alone and quotes one with spaces, quotes or backslashes", () => {
    expect(quote("NASA")).toBe("NASA");
    expect(quote("two words")).toBe('"two words"');
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
    expect(quote("a\\b")).toBe('"a\\\\b"');
    expect(quote("")).toBe('""');
  });

  it("round-trips any option values through parseLine", () => {
    fc.assert(
      fc.property(fc.dictionary(optionNameArb, optionValueArb, { maxKeys: 6 }), (values) => {
        const line = "/poll " + Object.entries(values).map(([name, value]) => `${name}:${quote(value)}`).join(" ");
        const r = parseLine(line);
        expect(r).toEqual({ ok: true, value: { words: ["poll"], options: values, repeated: [] } });
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips a quoted word that does not look like an option", () => {
    fc.assert(
      fc.property(optionValueArb.filter((v) => !/^[a-z][a-z0-9-]*:/s.test(v)), (word) => {
        const r = parseLine(`/help ${quote(word)}`);
        expect(r).toEqual({ ok: true, value: { words: ["help", word], options: {}, repeated: [] } });
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseCommand: commands and actions", () => {
  it("parses an action with typed options", () => {
    expect(parsed('/poll open title:"Adopt the 2027 workplan" closes:7d quorum:60 procedure:silence')).toEqual({
      command: "poll",
      action: "open",
      key: "poll open",
      args: { title: "Adopt the 2027 workplan", closes: "7d", quorum: 60, procedure: "silence" },
    });
  });

  it("accepts command and subcommand in any case", () => {
    expect(parsed("/POLL Show id:2").key).toBe("poll show");
  });

  it("fills the positional option from a bare word", () => {
    expect(parsed("/help poll")).toMatchObject({ key: "help", args: { command: "poll" } });
    expect(parsed("/poll show 3")).toMatchObject({ key: "poll show", args: { id: 3 } });
    expect(parsed("/decisions 2026")).toMatchObject({ key: "decisions", args: { year: 2026 } });
    expect(parsed("/poll list open")).toMatchObject({ key: "poll list", args: { status: "open" } });
  });

  it("refuses a bare word where the action has no positional option, or a second one", () => {
    expect(refusal("/poll open workplan closes:7d")).toMatch(/I did not understand "workplan".*Usage: \/poll open/s);
    expect(refusal("/poll list open closed")).toContain('I did not understand "open closed"');
    expect(refusal("/poll show 3 id:4")).toContain('I did not understand "3"');
  });

  it("asks for a command on an empty line", () => {
    expect(refusal("   ")).toContain("/help");
  });

  it("names every valid command when the command is unknown", () => {
    const error = refusal("/vote id:1");
    expect(error).toContain("There is no command /vote");
    for (const c of catalogue) expect(error).toContain(`/${c.name}`);
  });

  it("lists the usage of every action when the subcommand is unknown or missing", () => {
    const error = refusal("/poll vote id:1");
    expect(error).toContain("/poll has no subcommand vote");
    for (const action of Object.keys(catalogue.find((c) => c.name === "poll")!.actions)) expect(error).toContain(`/poll ${action}`);
    expect(refusal("/agency")).toMatch(/Use one of:\n\/agency add code:CODE name:"…"/);
  });

  // BUG: commands/index.ts:79 (parseCommand) — `sub in c.actions` also finds Object.prototype members, so
  // "/poll constructor" (or "/poll __proto__") takes Object's constructor for an action and
  // parseCommand throws "Cannot convert undefined or null to object" instead of listing the usage.
  it("refuses a subcommand named like an Object.prototype member instead of throwing", () => {
    expect(refusal("/poll constructor")).toContain("/poll has no subcommand constructor");
    expect(refusal("/poll __proto__")).toContain("/poll has no subcommand __proto__");
  });
});

describe("parseCommand: options", () => {
  it("names the valid options when an option is unknown", () => {
    const error = refusal("/poll show id:1 colour:red");
    expect(error).toContain("/poll show has no option colour:");
    expect(error).toContain("Its options are id:");
    expect(refusal("/agency list code:NASA")).toContain("It takes no options.");
  });

  it("refuses an option given more than once", () => {
    expect(refusal("/poll show id:1 id:2")).toContain("id: given more than once");
  });

  it("explains a value of the wrong type", () => {
    expect(refusal("/poll show id:abc")).toContain("id: must be a whole number");
    expect(refusal("/poll show id:2.5")).toContain("id: must be a whole number");
    expect(refusal("/poll show id:0")).toContain("id: must be from 1 to 2147483647");
    expect(refusal("/poll open title:x closes:7d quorum:0")).toContain("quorum: must be from 1 to 100");
    expect(refusal("/poll open title:x closes:7d quorum:101")).toContain("quorum: must be from 1 to 100");
  });

  it("says that a missing required option is required, with the usage", () => {
    const error = refusal("/poll open title:x");
    expect(error).toContain("closes: is required");
    expect(error).toContain("Usage: /poll open");
    expect(refusal("/agency add name:x")).toContain("code: is required");
    expect(refusal("/poll show")).toContain("id: is required");
  });

  it("says 'is required' for every missing required option that is not a choice", () => {
    let checked = 0;
    for (const c of catalogue) {
      for (const [actionName, spec] of Object.entries(c.actions)) {
        const line = `/${c.name} ${actionName}`;
        const result = parseCommand(line);
        for (const [name, option] of Object.entries(spec.options)) {
          // venue propose costs: is deliberately optional in the schema; the core refuses its absence with the reason.
          if (!option.required || option.kind === "choice" || option.schema.safeParse(undefined).success) continue;
          expect(result.ok, line).toBe(false);
          if (!result.ok) expect(result.error, line).toContain(`${name}: is required`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  // BUG: commands/index.ts:108 (parseCommand) — a missing required option is recognised only by zod's
  // "invalid_type" issue, but a missing choice (z.enum) gives "invalid_value", so
  // "/role grant user:alice" answers "role: must be one of secretariat, chair" instead of
  // "role: is required" (same for poll position stance:, delegate link platform:, setup channel purpose:).
  it("says 'is required' for a missing required choice too", () => {
    expect(refusal("/role grant user:alice")).toContain("role: is required");
  });

  it("accepts only the listed choices", () => {
    expect(parsed("/poll position id:1 stance:object reason:late").args).toMatchObject({ stance: "object", reason: "late" });
    expect(refusal("/poll position id:1 stance:maybe")).toContain("stance: must be one of concur, abstain, object");
    expect(refusal("/poll open title:x closes:7d procedure:majority")).toContain("must be one of consensus, silence");
  });

  it("upper-cases agency codes", () => {
    expect(parsed("/agency show nasa").args).toEqual({ code: "NASA" });
    expect(parsed("/agency add code:esa name:x").args["code"]).toBe("ESA");
    expect(parsed("/venue propose meeting:1 hosts:esa,cnes city:Paris country:France costs:accepted").args["hosts"]).toEqual(["ESA", "CNES"]);
    expect(refusal('/agency show code:"NA SA"')).toContain("must be an agency code");
  });

  it("reads booleans written true/false or yes/no", () => {
    expect(parsed("/agency add code:x name:y framework:yes").args["framework"]).toBe(true);
    expect(parsed("/agency add code:x name:y framework:true").args["framework"]).toBe(true);
    expect(parsed("/agency add code:x name:y framework:no").args["framework"]).toBe(false);
    expect(parsed("/agency add code:x name:y framework:false").args["framework"]).toBe(false);
    expect(refusal("/agency add code:x name:y framework:maybe")).toContain("framework: must be true or false");
  });

  it("refuses an empty or over-long text", () => {
    expect(refusal('/poll open title:"   " closes:7d')).toContain("title: must not be empty");
    expect(refusal(`/poll open title:${"x".repeat(201)} closes:7d`)).toContain("title: must be at most 200 characters");
  });

  const whenOf = (value: string): ParseResult => parseCommand(`/poll extend id:1 closes:${quote(value)}`);

  it.each(["1d12h", "2w", "1w2d6h30m", "1h30m", "7d", "7D", "90m", "48h", "2026-12-01", "2026-12-01T14:00+14:00", "2026-12-01T14:00-12:00", "2026-12-01T14:00+05:45", "2026-12-01T14:00", "2026-12-01 14:00", "2026-12-01T14:00:30", "2026-12-01T14:00:30.250", "2026-12-01T14:00Z", "2026-12-01T14:00+02:00", "2026-12-01T14:00-0500"])(
    "accepts the WHEN %s unchanged",
    (value) => {
      const r = whenOf(value);
      const args: Record<string, unknown> = r.ok ? r.value.args : {};
      expect(args["closes"]).toBe(value);
    },
  );

  it.each(["tomorrow", "7", "7y", "d7", "12/01/2026", "2026-12-1", "2026-12-01T14", "2026-12-01T14:00+2", "7d 2h", "", "12h1d", "1d1d", "2026-12-01T14:00+99:99", "2026-12-01T14:00+15:00", "2026-12-01T14:00+01:60", "2026-12-01T14:00+14:30"])("refuses the WHEN %s and shows the formats", (value) => {
    const r = whenOf(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("closes: must be a date (2026-12-01)");
  });

  it("reads ids and counts as plain decimal numbers: hexadecimal, exponents and signs are refused", () => {
    for (const id of ["0x10", "1e3", "0b1", "+5", "-5", "0o7", "1_000", "Infinity", "NaN"]) expect(refusal(`/poll show id:${id}`)).toContain("id: must be a whole number written in digits");
    expect(parsed("/poll show id:0016").args).toEqual({ id: 16 });
    expect(refusal("/poll show id:99999999999999999999")).toContain("id: must be a whole number written in digits, from 1 to 2147483647");
    expect(refusal("/poll show id:2147483648")).toContain("id: must be from 1 to 2147483647");
    expect(refusal("/poll open title:x closes:7d quorum:0x32")).toContain("quorum: must be a whole percentage written in digits");
    expect(refusal("/decisions year:0x7EA")).toContain("year: must be a year written in digits, from 2000 to 2200");
  });

  it("gives every setting's range instead of accepting a value beyond it", () => {
    expect(refusal("/setup reminders poll:99999999999999999999")).toContain("poll: must be numbers separated by commas, such as 72,24 (each from 1 to 2160 hours)");
    expect(refusal("/setup reminders poll:72,2161")).toContain("poll: must be each from 1 to 2160 hours");
    expect(refusal("/setup reminders poll:0")).toContain("each from 1 to 2160 hours");
    expect(refusal("/setup reminders meeting:400")).toContain("each from 1 to 365 days");
    expect(refusal("/setup reminders annual:13")).toContain("each from 1 to 12 months");
    expect(refusal("/setup reminders chair:12,48")).toContain("each from 1 to 36 months");
    expect(refusal("/setup reminders mandate:61")).toContain("each from 1 to 60 months");
    expect(refusal("/setup reminders poll:1,2,3,4,5,6,7,8,9,10,11")).toContain("at most 10 numbers");
    expect(refusal("/setup reminders minutes:366")).toContain("minutes: must be from 1 to 365");
    expect(refusal("/setup reminders fold:99999999999999999999")).toContain("fold: must be a whole number written in digits, from 1 to 720");
    expect(refusal("/setup reminders notice:0")).toContain("notice: must be from 1 to 365");
    expect(parsed("/setup reminders poll:2160,1 minutes:365 fold:720").args).toEqual({ poll: [2160, 1], minutes: 365, fold: 720 });
  });

  it("orders reminder offsets from the largest and drops repeats", () => {
    expect(parsed("/setup reminders poll:24,72,24").args).toEqual({ poll: [72, 24] });
  });
});

describe("parseCommand never throws", () => {
  const check = (line: string) => {
    const r = parseCommand(line);
    if (r.ok) expect(allActionKeys()).toContain(r.value.key);
    else expect(r.error.trim().length).toBeGreaterThan(0);
  };

  it("on arbitrary text", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), check), { numRuns: 1000 });
  });

  /** Words the catalogue knows and options it takes, so that lines get past the first checks. */
  const knownWords = [...new Set(catalogue.flatMap((c) => [c.name, ...Object.keys(c.actions).filter(Boolean)]))];
  const knownOptions = [...new Set(catalogue.flatMap((c) => Object.values(c.actions).flatMap((a) => Object.keys(a.options))))];
  const tokenArb = fc.oneof(
    fc.constantFrom(...knownWords),
    fc.tuple(fc.constantFrom(...knownOptions), optionValueArb).map(([name, value]) => `${name}:${quote(value)}`),
    fc.tuple(fc.constantFrom(...knownOptions), fc.string({ maxLength: 6 })).map(([name, value]) => `${name}:${value}`),
    fc.constantFrom("1", "0", "-3", "2026", "7d", "NASA", "yes", "open", '"', "\\", ":", "id:", "<@1>"),
    fc.string({ maxLength: 8 }),
  );

  it("on lines made of command names, options and debris", () => {
    fc.assert(
      fc.property(fc.array(tokenArb, { maxLength: 7 }), fc.boolean(), (tokens, slash) => check((slash ? "/" : "") + tokens.join(" "))),
      { numRuns: 2000 },
    );
  });
});
