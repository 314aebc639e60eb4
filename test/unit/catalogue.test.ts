// The catalogue is a contract: every action has a handler, and every name and description fits
// what Discord accepts for slash commands (names 1-32 of [-_a-z0-9], descriptions 1-100 characters,
// at most 25 options and 25 choices per option).
import { describe, expect, it } from "vitest";
import { allActionKeys, catalogue } from "../../commands/index.ts";
import { bindings } from "../../src/app/bindings.ts";

const DISCORD_NAME = /^[-_a-z0-9]{1,32}$/;
const DISCORD_DESCRIPTION_MAX = 100;

const actions = catalogue.flatMap((c) => Object.entries(c.actions).map(([name, spec]) => ({ command: c.name, name, spec, key: name ? `${c.name} ${name}` : c.name })));
const options = actions.flatMap((a) => Object.entries(a.spec.options).map(([name, spec]) => ({ at: `/${a.key} ${name}:`, name, spec })));

describe("catalogue and bindings", () => {
  it("binds every action of the catalogue to a handler", () => {
    const bound: Record<string, unknown> = bindings;
    const unbound = allActionKeys().filter((key) => typeof bound[key] !== "function");
    expect(unbound).toEqual([]);
  });

  it("binds nothing that the catalogue does not offer", () => {
    const keys = new Set(allActionKeys());
    expect(Object.keys(bindings).filter((key) => !keys.has(key))).toEqual([]);
  });

  it("has no command or action key twice", () => {
    const names = catalogue.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(allActionKeys()).size).toBe(allActionKeys().length);
  });

  it("lists a sizeable catalogue (a sanity check on the helpers above)", () => {
    expect(actions.length).toBeGreaterThan(30);
    expect(options.length).toBeGreaterThan(50);
  });
});

describe("names Discord accepts", () => {
  it("command names", () => {
    expect(catalogue.map((c) => c.name).filter((n) => !DISCORD_NAME.test(n))).toEqual([]);
  });

  it("subcommand names", () => {
    expect(actions.filter((a) => a.name !== "" && !DISCORD_NAME.test(a.name)).map((a) => a.key)).toEqual([]);
  });

  it("option names", () => {
    expect(options.filter((o) => !DISCORD_NAME.test(o.name)).map((o) => o.at)).toEqual([]);
  });

  it("the positional option of an action is one of its options", () => {
    expect(actions.filter((a) => a.spec.positional !== undefined && !(a.spec.positional in a.spec.options)).map((a) => a.key)).toEqual([]);
  });
});

describe("descriptions", () => {
  const bad = (text: string) => text.trim().length === 0 || text.length > DISCORD_DESCRIPTION_MAX;

  it("every option has a description of 1 to 100 characters", () => {
    expect(options.filter((o) => bad(o.spec.description)).map((o) => `${o.at} (${o.spec.description.length})`)).toEqual([]);
  });

  it("every command has a description of 1 to 100 characters", () => {
    expect(catalogue.filter((c) => bad(c.description)).map((c) => c.name)).toEqual([]);
  });

  it("every action has a non-empty description", () => {
    expect(actions.filter((a) => a.spec.description.trim().length === 0).map((a) => a.key)).toEqual([]);
  });

  // BUG: two action descriptions exceed Discord's 100-character limit for a subcommand description:
  //   commands/meeting.ts:17 "meeting schedule" (119 characters) and commands/venue.ts:15 "venue propose" (124).
  // src/adapters/discord/registration.ts clips them with "…", so Discord users see them cut short
  // (the venue one loses "(a host's representative or the Secretariat)", i.e. who may use it).
  it("every action has a description of at most 100 characters", () => {
    expect(actions.filter((a) => a.spec.description.length > DISCORD_DESCRIPTION_MAX).map((a) => `${a.key} (${a.spec.description.length})`)).toEqual([]);
  });
});

describe("Discord's counts", () => {
  it("at most 25 subcommands per command and 25 options per action", () => {
    expect(catalogue.filter((c) => Object.keys(c.actions).length > 25).map((c) => c.name)).toEqual([]);
    expect(actions.filter((a) => Object.keys(a.spec.options).length > 25).map((a) => a.key)).toEqual([]);
  });

  it("choices are valid values, at most 100 characters each, and accepted by their option", () => {
    for (const o of options) {
      for (const choice of o.spec.choices ?? []) {
        expect(choice.length, o.at).toBeGreaterThan(0);
        expect(choice.length, o.at).toBeLessThanOrEqual(100);
        expect(o.spec.schema.safeParse(choice).success, `${o.at}${choice}`).toBe(true);
      }
    }
  });
});
