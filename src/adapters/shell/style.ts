// Colour for a person at a terminal, none for pipes and files, and none when NO_COLOR is set
// (https://no-color.org): the words stay the same, only escape codes are added around them.

export interface Style {
  /** The `[who sees it]` label of a bot message. */
  label(text: string, kind: "ephemeral" | "channel" | "dm" | "refusal" | "error"): string;
  prompt(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const LABELS = { ephemeral: dim, channel: sgr(36, 39), dm: sgr(35, 39), refusal: sgr(33, 39), error: sgr(31, 39) } as const;

export const plainStyle: Style = { label: (t) => t, prompt: (t) => t, warning: (t) => t, dim: (t) => t };

export const colourStyle: Style = {
  label: (text, kind) => LABELS[kind](text),
  prompt: (text) => bold(sgr(32, 39)(text)),
  warning: (text) => sgr(33, 39)(text),
  dim,
};

/** Colour only on a terminal, unless NO_COLOR is set to anything but the empty string, or TERM=dumb. */
export function wantsColour(output: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(output.isTTY) && !env["NO_COLOR"] && env["TERM"] !== "dumb";
}
