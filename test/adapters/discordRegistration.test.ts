// The slash commands are generated from the catalogue; Discord refuses the whole registration if one
// command breaks one of its limits, so every limit is checked here on what the bot would send.
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from "discord.js";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../commands/index.ts";
import { action, command, opt } from "../../commands/spec.ts";
import { registrationJson, registrationOf } from "../../src/adapters/discord/registration.ts";

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
type Option = APIApplicationCommandOption & { options?: Option[]; choices?: { name: string; value: string | number }[]; required?: boolean; autocomplete?: boolean };

/** Every problem Discord would report for one command, computed independently of the generator. */
function problemsOf(command: { name: string; description: string; options?: Option[] }): string[] {
  const problems: string[] = [];
  let characters = 0;
  const checkNamed = (where: string, item: { name: string; description: string }) => {
    characters += item.name.length + item.description.length;
    if (!NAME.test(item.name) || item.name !== item.name.toLowerCase()) problems.push(`${where}: name "${item.name}"`);
    if (item.description.length < 1 || item.description.length > 100) problems.push(`${where}: description of ${item.description.length} characters`);
  };
  const checkOptions = (where: string, options: Option[] | undefined) => {
    if (!options) return;
    if (options.length > 25) problems.push(`${where}: ${options.length} options`);
    const names = options.map((o) => o.name);
    if (new Set(names).size !== names.length) problems.push(`${where}: duplicate option names`);
    const firstOptional = options.findIndex((o) => !o.required);
    if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required)) problems.push(`${where}: a required option after an optional one`);
    for (const option of options) {
      const at = `${where} ${option.name}`;
      checkNamed(at, option);
      if (option.choices) {
        if (option.choices.length > 25) problems.push(`${at}: ${option.choices.length} choices`);
        if (option.autocomplete) problems.push(`${at}: choices and autocomplete together`);
        for (const choice of option.choices) {
          characters += choice.name.length + String(choice.value).length;
          if (choice.name.length < 1 || choice.name.length > 100) problems.push(`${at}: choice name "${choice.name}"`);
          if (typeof choice.value === "string" && choice.value.length > 100) problems.push(`${at}: choice value "${choice.value}"`);
        }
      }
      if (option.type === ApplicationCommandOptionType.Subcommand) checkOptions(at, option.options);
    }
  };
  checkNamed(`/${command.name}`, command);
  checkOptions(`/${command.name}`, command.options as Option[] | undefined);
  if (characters > 4000) problems.push(`/${command.name}: ${characters} characters in all`);
  return problems;
}

describe("Discord registration generated from the catalogue", () => {
  const json = registrationJson();

  it("stays inside every limit Discord enforces", () => {
    expect(json.length).toBeLessThanOrEqual(100);
    expect(json.flatMap((c) => problemsOf(c as Parameters<typeof problemsOf>[0]))).toEqual([]);
  });

  it("offers every command, subcommand and option of the catalogue, with native types", () => {
    expect(json.map((c) => c.name)).toEqual(catalogue.map((c) => c.name));
    for (const command of catalogue) {
      const registered = json.find((c) => c.name === command.name)!;
      for (const [action, spec] of Object.entries(command.actions)) {
        const options = (action === "" ? registered.options : (registered.options?.find((o) => o.name === action) as Option | undefined)?.options) as Option[] | undefined;
        if (action !== "") expect(registered.options?.map((o) => o.name), `/${command.name}`).toContain(action);
        expect(new Set((options ?? []).map((o) => o.name)), `/${command.name} ${action}`).toEqual(new Set(Object.keys(spec.options)));
        for (const [name, option] of Object.entries(spec.options)) {
          const sent = options!.find((o) => o.name === name)!;
          const where = `/${command.name} ${action} ${name}`;
          expect(sent.required, where).toBe(option.required);
          const expectedType = {
            integer: ApplicationCommandOptionType.Integer,
            percent: ApplicationCommandOptionType.Integer,
            boolean: ApplicationCommandOptionType.Boolean,
            user: ApplicationCommandOptionType.User,
          }[option.kind as string] ?? ApplicationCommandOptionType.String;
          expect(sent.type, where).toBe(expectedType);
          if (option.choices && option.choices.length <= 25) expect(sent.choices?.map((c) => c.value), where).toEqual([...option.choices]);
          if (option.completion) expect(sent.autocomplete, where).toBe(true);
        }
      }
    }
  });

  it("types the options the way the core reads them", () => {
    const poll = json.find((c) => c.name === "poll")!;
    const sub = (name: string) => (poll.options!.find((o) => o.name === name) as Option).options!;
    expect(sub("position").find((o) => o.name === "id")).toMatchObject({ type: ApplicationCommandOptionType.Integer, autocomplete: true, min_value: 1, required: true });
    expect(sub("position").find((o) => o.name === "stance")).toMatchObject({
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: "concur", value: "concur" },
        { name: "abstain", value: "abstain" },
        { name: "object", value: "object" },
      ],
    });
    expect(sub("position").find((o) => o.name === "reason")).toMatchObject({ type: ApplicationCommandOptionType.String, max_length: 1000 });
    expect(sub("open").find((o) => o.name === "quorum")).toMatchObject({ type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 100 });
    const decisions = json.find((c) => c.name === "decisions")!;
    expect(decisions.options).toEqual([expect.objectContaining({ name: "year", type: ApplicationCommandOptionType.Integer, min_value: 2000, max_value: 2200 })]);
    const delegate = json.find((c) => c.name === "delegate")!;
    expect((delegate.options!.find((o) => o.name === "add") as Option).options!.map((o) => [o.name, o.type])).toEqual([
      ["agency", ApplicationCommandOptionType.String],
      ["user", ApplicationCommandOptionType.User],
      ["head", ApplicationCommandOptionType.Boolean],
    ]);
  });

  it("shortens option descriptions of a command too large for Discord, and keeps every option", () => {
    const long = (what: string) => `${what} `.padEnd(100, "x");
    const options = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`option${i}`, opt.text(long(`Option ${i}`))]));
    const big = command("big", "A command with many long descriptions", Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sub${i}`, action(long(`Subcommand ${i}`), options)])));
    const json = registrationOf(big);
    expect(problemsOf(json as Parameters<typeof problemsOf>[0])).toEqual([]);
    const subs = json.options as Option[];
    expect(subs).toHaveLength(10);
    expect(subs.every((s) => s.options!.length === 6 && s.options!.every((o) => o.description.endsWith("…") && o.description.length < 100))).toBe(true);
  });
});
