// Typed commands end to end: each action's arguments are the output type of its zod schema in the
// catalogue, handlers receive exactly that type, and every adapter validates through one function.
// The `@ts-expect-error` lines are the proof: `npm run typecheck` fails if any of them stops being an
// error (a misspelt option that type-checks, an unbound action that goes unnoticed).
import { describe, expect, expectTypeOf, it } from "vitest";
import { findCommand, parseCommand, validateAction, type ActionArgs, type ParsedCommand } from "../../commands/index.ts";
import type { CommandHandlers, Handler, Handlers } from "../../src/app/context.ts";
import { bindings } from "../../src/app/bindings.ts";
import { readChatInput, validate } from "../../src/adapters/discord/commandInput.ts";
import type { Stance } from "../../src/core/polls/poll.ts";
import { say } from "../../src/app/reply.ts";

describe("typed commands", () => {
  it("types each action's arguments from its zod schema", () => {
    expectTypeOf<ActionArgs["poll position"]>().toEqualTypeOf<{ id: number; stance: Stance; reason?: string | undefined; endorsed?: boolean | undefined }>();
    expectTypeOf<ActionArgs["venue propose"]["hosts"]>().toEqualTypeOf<string[]>();
    expectTypeOf<ActionArgs["setup reminders"]["poll"]>().toEqualTypeOf<number[] | undefined>();
    expectTypeOf<ActionArgs["decisions"]>().toEqualTypeOf<{ year?: number | undefined }>();
  });

  it("fails the type check on a misspelt option name in a handler", () => {
    const open: Handler<"poll open"> = async (_ctx, a) => {
      // @ts-expect-error `titel` is not an option of /poll open
      const misspelt: unknown = a.titel;
      const title: string = a.title;
      // @ts-expect-error an optional option may be absent, so it is not a plain number
      const quorum: number = a.quorum;
      return say(`${title} ${String(misspelt)} ${quorum}`);
    };
    expect(typeof open).toBe("function");
  });

  it("fails the type check on a handler for an action the catalogue lacks, or a missing one", () => {
    const extra: CommandHandlers<"outbox"> = {
      "outbox list": bindings["outbox list"],
      "outbox retry": bindings["outbox retry"],
      // @ts-expect-error /outbox purge is not in the catalogue
      "outbox purge": bindings["outbox list"],
    };
    // @ts-expect-error /outbox retry has no handler
    const missing: Handlers<"outbox list" | "outbox retry"> = { "outbox list": bindings["outbox list"] };
    expect(Object.keys(extra)).toContain("outbox retry");
    expect(Object.keys(missing)).toEqual(["outbox list"]);
  });

  it("narrows a parsed command's arguments by its key", () => {
    const r = parseCommand("/poll position id:7 stance:concur endorsed:yes");
    if (!r.ok) throw new Error(r.error);
    const parsed: ParsedCommand = r.value;
    if (parsed.key !== "poll position") throw new Error(`parsed as ${parsed.key}`);
    expectTypeOf(parsed.args.stance).toEqualTypeOf<Stance>();
    expect(parsed.args).toEqual({ id: 7, stance: "concur", endorsed: true });
  });
});

describe("one validator for every adapter", () => {
  it("gives Discord's typed options the same arguments and refusals as the text grammar", () => {
    const poll = findCommand("poll")!;
    const cases: Record<string, string>[] = [{ id: "3", stance: "object", reason: "too early" }, { id: "3", stance: "maybe" }, { id: "0x10", stance: "concur" }, { stance: "concur" }, { id: "3", stance: "concur", bogus: "1" }];
    for (const raw of cases) {
      const line = `/poll position ${Object.entries(raw).map(([k, v]) => `${k}:"${v}"`).join(" ")}`;
      expect(validate("poll", "position", raw)).toEqual(parseCommand(line));
      expect(validateAction(poll, "position", raw)).toEqual(parseCommand(line));
    }
  });

  it("reads a Discord slash command's options back as text for that validator", () => {
    const values = readChatInput("poll", [{ name: "show", type: 1, options: [{ name: "id", type: 4, value: 12 }] }]);
    expect(values).toMatchObject({ command: "poll", action: "show", raw: { id: "12" } });
    expect(validate(values!.command, values!.action, values!.raw)).toMatchObject({ ok: true, value: { key: "poll show", args: { id: 12 } } });
  });

  it("builds each action's schema once, with the action", () => {
    const position = findCommand("poll")!.actions["position"]!;
    const before = position.schema;
    validate("poll", "position", { id: "1", stance: "concur" });
    parseCommand("/poll position id:1 stance:abstain");
    expect(position.schema).toBe(before);
  });
});
