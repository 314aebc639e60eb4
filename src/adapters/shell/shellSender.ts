import { isCardRedraw, type Destination, type QueuedMessage, type Sender } from "../../core/outbox/message.ts";
import type { ShellOutput } from "./output.ts";

/** The shell's console is every channel at once; direct messages are printed with their recipient. */
export class ShellSender implements Sender {
  readonly platform = "shell";
  constructor(private readonly output: ShellOutput) {}

  async post(message: QueuedMessage, destination: Destination): Promise<string> {
    this.print(message.text, message, destination);
    return message.idempotencyKey;
  }

  async edit(message: QueuedMessage, destination: Destination): Promise<void> {
    // A poll's live tally edits its card on chat platforms; in a terminal, `/poll show` shows it.
    if (isCardRedraw(message)) return;
    this.print(`(edited) ${message.text}`, message, destination);
  }

  async remove(message: QueuedMessage, destination: Destination): Promise<void> {
    this.print(`(retracted) ${message.text}`, message, destination);
  }

  private print(text: string, message: QueuedMessage, destination: Destination): void {
    if (destination.kind === "channel") this.output.print({ to: `#${destination.purpose}`, visibility: "channel", text, data: message.data });
    else this.output.print({ to: destination.handle, visibility: "dm", text, data: message.data });
  }
}
