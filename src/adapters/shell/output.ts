import { formatLocal } from "../../core/shared/localTime.ts";
import { fileIn } from "../../app/reply.ts";
import { renderTimes } from "../../core/shared/markup.ts";
import { plainStyle, type Style } from "./style.ts";

export interface BotMessage {
  to: string;
  visibility: "ephemeral" | "channel" | "dm";
  text: string;
  data: Record<string, unknown>;
}

/** Prints bot messages: readable lines for people, or one JSON object per message for scripts. */
export class ShellOutput {
  constructor(
    private readonly json: boolean,
    private readonly zone: () => string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
    private readonly style: Style = plainStyle,
  ) {}

  print(message: BotMessage): void {
    const text = renderTimes(message.text, (at) => formatLocal(at, this.zone()));
    if (this.json) {
      this.write(JSON.stringify({ ...message, text }));
      return;
    }
    const label = message.visibility === "ephemeral" ? `only ${message.to}` : message.visibility === "dm" ? `dm ${message.to}` : message.to;
    const kind = message.data["refused"] !== undefined ? "refusal" : message.data["error"] !== undefined ? "error" : message.visibility;
    this.write(`${this.style.label(`[${label}]`, kind)} ${text.replace(/\n/g, "\n  ")}`);
    // An export or a calendar is shown whole, between markers, so that it can be copied from the terminal.
    const file = fileIn(message.data);
    if (file) this.write([`--- ${file.filename} ---`, file.content.replace(/\n$/, ""), `--- end of ${file.filename} ---`].join("\n"));
  }
}
