import type { Card } from "../core/cards/card.ts";
import { describeRefusal, type Refusal } from "../core/shared/refusals.ts";

/** The bot's direct answer to whoever ran a command. Refusals are visible to them alone. */
export interface Reply {
  text: string;
  visibility: "ephemeral" | "channel";
  data?: Record<string, unknown>;
  /** A card the platforms that draw cards show in place of the text (the text stays for the shell). */
  card?: Card;
}

export const say = (text: string, data?: Record<string, unknown>): Reply => ({ text, visibility: "channel", ...(data ? { data } : {}) });
export const whisper = (text: string, data?: Record<string, unknown>): Reply => ({ text, visibility: "ephemeral", ...(data ? { data } : {}) });
export const refused = (refusal: Refusal): Reply => whisper(describeRefusal(refusal), { refused: refusal.reason });

/** A file a reply carries (an export, a calendar): its name and its text. */
export interface ReplyFile {
  filename: string;
  content: string;
}

/** Exports put their file in `data.content`, calendars in `data.ics`; each adapter shows it its own way. */
export function fileIn(data: Record<string, unknown> | undefined): ReplyFile | null {
  const filename = data?.["filename"];
  const content = data?.["content"] ?? data?.["ics"];
  return typeof filename === "string" && typeof content === "string" ? { filename, content } : null;
}
