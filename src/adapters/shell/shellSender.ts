import type { Destination, QueuedMessage, Sender } from "../../core/outbox/message.ts";
import type { ShellOutput } from "./output.ts";

/** The shell's console is every channel at once; direct messages are printed with their recipient. */
export class ShellSender implements Sender {
  readonly platform = "shell";
  constructor(private readonly output: ShellOutput) {}

  async send(message: QueuedMessage, destination: Destination): Promise<void> {
    // A tally update edits the poll message on chat platforms; a terminal has nothing to edit.
    if (message.data["event"] === "poll.tally") return;
    if (destination.kind === "channel") {
      this.output.print({ to: `#${destination.purpose}`, visibility: "channel", text: message.text, data: message.data });
    } else {
      this.output.print({ to: destination.handle, visibility: "dm", text: message.text, data: message.data });
    }
  }
}
