import { describeRefusal, type Refusal } from "../core/shared/refusals.ts";

/** The bot's direct answer to whoever ran a command. Refusals are visible to them alone. */
export interface Reply {
  text: string;
  visibility: "ephemeral" | "channel";
  data?: Record<string, unknown>;
}

export const say = (text: string, data?: Record<string, unknown>): Reply => ({ text, visibility: "channel", ...(data ? { data } : {}) });
export const whisper = (text: string, data?: Record<string, unknown>): Reply => ({ text, visibility: "ephemeral", ...(data ? { data } : {}) });
export const refused = (refusal: Refusal): Reply => whisper(describeRefusal(refusal), { refused: refusal.reason });
