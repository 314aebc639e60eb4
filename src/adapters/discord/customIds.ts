// The custom ids the bot puts on its buttons and modals. They carry everything the click needs,
// so a click still works after a restart: no state is kept between the card and the click.
import { STANCES, type Stance } from "../../core/polls/poll.ts";

export type CustomId =
  | { kind: "stance"; pollId: number; stance: Stance }
  /** The modal that asks for an objection's reason. */
  | { kind: "objection"; pollId: number };

export const stanceButtonId = (pollId: number, stance: Stance): string => `poll:${pollId}:${stance}`;
export const objectionModalId = (pollId: number): string => `poll:${pollId}:object:reason`;
/** The text input of the objection modal. */
export const REASON_FIELD = "reason";

const STANCE = new RegExp(`^poll:(\\d{1,15}):(${STANCES.join("|")})$`);
const OBJECTION = /^poll:(\d{1,15}):object:reason$/;

export function parseCustomId(id: string): CustomId | null {
  const objection = OBJECTION.exec(id);
  if (objection) return { kind: "objection", pollId: Number(objection[1]) };
  const stance = STANCE.exec(id);
  if (stance) return { kind: "stance", pollId: Number(stance[1]), stance: stance[2] as Stance };
  return null;
}
