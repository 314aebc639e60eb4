// Writes docs/commands.md from the catalogue, so that the command reference cannot drift from it.
//   npm run docs:commands        (test/unit/commandsDoc.test.ts fails when the file is stale)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { actionKey, catalogue, type OptionSpec } from "../commands/index.ts";
import { whoMay } from "../src/core/access/permissions.ts";

const kindText: Record<string, string> = {
  text: "text",
  integer: "number",
  boolean: "true or false",
  user: "a user (mention, or handle in the shell)",
  when: "WHEN: date, date-time or duration (90m, 48h, 7d)",
  date: "date, YYYY-MM-DD",
  choice: "one of the choices",
  agency: "agency code",
  agencies: "agency codes, comma-separated",
  timezone: "IANA time zone, such as Europe/Paris",
  percent: "percentage, 1 to 100",
  offsets: "numbers, comma-separated",
};

function option(name: string, o: OptionSpec): string {
  const type = o.choices ? o.choices.map((c) => `\`${c}\``).join(" \\| ") : kindText[o.kind] ?? o.kind;
  return `| \`${name}\` | ${o.required ? "yes" : "no"} | ${type} | ${o.description} |`;
}

export function commandsMarkdown(): string {
  const out = [
    "# Command reference",
    "",
    "Generated from `commands/` by `npm run docs:commands`; do not edit by hand.",
    "Options are written `name:value`; quote values that contain spaces. On Discord the same options are typed;",
    "in the shell and in Slack's free text they follow this grammar. A bare word after some commands fills the option marked *positional*.",
    "",
  ];
  for (const c of catalogue) {
    out.push(`## /${c.name}`, "", c.description, "");
    for (const [name, a] of Object.entries(c.actions)) {
      out.push(`### /${name ? `${c.name} ${name}` : c.name}`, "", a.description + (a.positional ? ` (positional: \`${a.positional}\`)` : ""), "");
      out.push(`Who may: ${whoMay(actionKey(c.name, name))}`, "");
      const options = Object.entries(a.options);
      if (options.length) out.push("| option | required | value | meaning |", "| --- | --- | --- | --- |", ...options.map(([n, o]) => option(n, o)), "");
    }
  }
  return out.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL("../docs/commands.md", import.meta.url), commandsMarkdown());
  process.stdout.write("docs/commands.md written\n");
}
