// The custom ids on the bot's buttons and modals carry everything a press needs (the card model's
// encoded press: the catalogue command, and whether to confirm or ask first), so a press still works
// after a restart: no state is kept between the card and the press.
import { decodePress, runPress, type Press } from "../../core/cards/card.ts";
import { STANCES, type Stance } from "../../core/polls/poll.ts";

/** The Cancel button of a confirmation step. */
export const CANCEL_ID = "cancel";

/** Cards posted before the card model carried `poll:3:concur` and `poll:3:object:reason`; they still work. */
const LEGACY_STANCE = new RegExp(`^poll:(\\d{1,15}):(${STANCES.join("|")})$`);
const LEGACY_OBJECTION = /^poll:(\d{1,15}):object:reason$/;

function legacy(id: string): Press | null {
  const objection = LEGACY_OBJECTION.exec(id);
  if (objection) return { step: "ask", question: "objection-reason", line: `poll position id:${objection[1]} stance:object` };
  const stance = LEGACY_STANCE.exec(id);
  if (!stance) return null;
  const line = `poll position id:${stance[1]} stance:${stance[2] as Stance}`;
  return stance[2] === "object" ? { step: "ask", question: "objection-reason", line } : { step: "run", line };
}

export const parseCustomId = (id: string): Press | null => decodePress(id) ?? legacy(id);
export { runPress };
