// The shared text grammar of the shell and of Slack's free text:
//   /poll open title:"Adopt the 2027 workplan" closes:7d
// Words are separated by spaces; `name:value` sets an option; double quotes keep spaces in a value
// and a backslash escapes a quote inside them.

export interface ParsedLine {
  words: string[];
  options: Record<string, string>;
  /** Options given twice, which is refused rather than silently taking one of them. */
  repeated: string[];
}

export type GrammarResult = { ok: true; value: ParsedLine } | { ok: false; error: string };

const OPTION = /^([a-z][a-z0-9-]*):(.*)$/s;

function tokens(line: string): { ok: true; value: string[] } | { ok: false; error: string } {
  const out: string[] = [];
  let current = "";
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuotes) {
      if (ch === "\\" && (line[i + 1] === '"' || line[i + 1] === "\\")) current += line[++i];
      else if (ch === '"') inQuotes = false;
      else current += ch;
    } else if (ch === '"') {
      inQuotes = true;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = "";
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (inQuotes) return { ok: false, error: 'A quoted value is not closed: add the closing " and try again.' };
  if (started) out.push(current);
  return { ok: true, value: out };
}

export function parseLine(line: string): GrammarResult {
  const split = tokens(line.trim().replace(/^\//, ""));
  if (!split.ok) return split;
  const words: string[] = [];
  const options: Record<string, string> = {};
  const repeated: string[] = [];
  for (const token of split.value) {
    const m = OPTION.exec(token);
    if (m && !/^<[@#!]/.test(token)) {
      const [, name, value] = m as unknown as [string, string, string];
      if (Object.hasOwn(options, name)) repeated.push(name);
      options[name] = value;
    } else {
      words.push(token);
    }
  }
  return { ok: true, value: { words, options, repeated } };
}

/** Quotes a value so that parseLine reads it back unchanged. */
export function quote(value: string): string {
  return /^[^\s"\\]+$/.test(value) ? value : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
