// One platform-neutral description of what the bot shows as a card: a poll with its tally and
// buttons, a person's waiting list. Each adapter renders it natively (a Discord embed and buttons,
// Slack Block Kit, shell text); none builds its own. Texts may hold time markers (shared/markup.ts)
// and text typed by users; the renderers escape and format them for their platform.
import type { QueuedMessage } from "../outbox/message.ts";
import type { Stance } from "../polls/poll.ts";

/** What a card is about, recognised by this kind rather than by an event name. */
export type CardKind = "poll" | "waiting";

/** How a card reads at a glance: an open question, or how it ended. */
export type CardTone = "open" | "adopted" | "blocked" | "neutral";

/** A stance mark each platform draws its own way (an emoji, a word). */
export type CardMark = Stance | "pending";

export interface CardLine {
  /** The bold lead of the line, such as an agency's code. */
  label?: string;
  text: string;
  mark?: CardMark;
}

export interface CardField {
  id: string;
  label: string;
  value: string;
}

export interface CardSection {
  /** Stable within a card kind: platforms key their blocks by it. */
  id: string;
  heading: string;
  lines: CardLine[];
}

/** A confirmation the platform asks for before the action runs. */
export type Confirmation = "product-endorsement";
/** A value the platform asks for (in a form) and adds to the action's command as an option. */
export type Question = "objection-reason";

export interface CardAction {
  /** Stable within a card kind (concur, abstain, object). */
  id: string;
  label: string;
  style: "primary" | "secondary" | "danger";
  /** The catalogue command the press runs, as a line of the text grammar, such as `poll position id:3 stance:concur`. */
  command: string;
  confirm?: Confirmation;
  ask?: Question;
}

export interface Card {
  kind: CardKind;
  /** "Poll #3". */
  label: string;
  /** What the card is about, as typed by its author. */
  title: string;
  /** A qualifier of the label, such as a poll's kind. */
  badge?: string;
  text?: string;
  tone: CardTone;
  fields: CardField[];
  sections: CardSection[];
  actions: CardAction[];
  footer?: string;
  /** One line for notifications and clients that show no cards. */
  summary: string;
}

export const CONFIRMATIONS: Record<Confirmation, { title: string; text: string; confirm: string; deny: string }> = {
  "product-endorsement": {
    title: "Internal endorsement",
    text: "Concurring on a product confirms that your agency has endorsed it internally.",
    confirm: "Concur, endorsed",
    deny: "Cancel",
  },
};

export const QUESTIONS: Record<Question, { option: string; title: string; label: string; intro: string; submit: string }> = {
  "objection-reason": {
    option: "reason",
    title: "Object to poll #{id}",
    label: "Why does your agency object?",
    intro: "An objection blocks the poll: it is not adopted while your agency objects. The reason is recorded and named with the outcome.",
    submit: "Object",
  },
};

/** Which card an outbox message carries, and whether it only asks for the card to be drawn again. */
export interface CardRef {
  kind: "poll";
  id: number;
  /** A redraw carries no content of its own: the sender draws the live state where the card went. */
  redraw: boolean;
}

/** What outbox data says about its card; written by cardData, read by cardOf. */
export const cardData = (ref: CardRef): { card: CardRef } => ({ card: ref });

/**
 * The card an outbox message carries, or null. Rows queued before cards had a kind name their
 * event instead (poll.opened, poll.tally, poll.card); they are read here, and nowhere else.
 */
export function cardOf(message: Pick<QueuedMessage, "data">): CardRef | null {
  const card = message.data["card"];
  if (typeof card === "object" && card !== null) {
    const { kind, id, redraw } = card as Record<string, unknown>;
    if (kind === "poll" && typeof id === "number") return { kind, id, redraw: redraw === true };
    return null;
  }
  const event = message.data["event"];
  const id = message.data["id"];
  if (typeof id !== "number") return null;
  if (event === "poll.opened") return { kind: "poll", id, redraw: false };
  if (event === "poll.tally" || event === "poll.card") return { kind: "poll", id, redraw: true };
  return null;
}

/**
 * What a pressed action carries back (a Discord custom id, a Slack button value): the command line,
 * and whether the platform must first confirm or ask. At most 100 characters (Discord's limit).
 */
export type Press = { step: "run"; line: string } | { step: "confirm"; confirmation: Confirmation; line: string } | { step: "ask"; question: Question; line: string };

export const PRESS_MAX = 100;

/** `nativeConfirm`: the platform confirms on the client (Slack), so the press only runs. */
export function encodePress(action: CardAction, options: { nativeConfirm: boolean }): string {
  const encoded = action.ask ? `ask:${action.ask}:${action.command}` : action.confirm && !options.nativeConfirm ? `confirm:${action.confirm}:${action.command}` : `run:${action.command}`;
  if (encoded.length > PRESS_MAX) throw new Error(`card action "${action.id}" is too long to carry in a button (${encoded.length} > ${PRESS_MAX}): ${encoded}`);
  return encoded;
}

export const runPress = (line: string): string => `run:${line}`;

const isConfirmation = (v: string): v is Confirmation => Object.hasOwn(CONFIRMATIONS, v);
const isQuestion = (v: string): v is Question => Object.hasOwn(QUESTIONS, v);

export function decodePress(text: string): Press | null {
  const run = /^run:(.+)$/s.exec(text);
  if (run) return { step: "run", line: run[1]! };
  const staged = /^(confirm|ask):([a-z-]+):(.+)$/s.exec(text);
  if (!staged) return null;
  const [step, kind, line] = [staged[1], staged[2] ?? "", staged[3] ?? ""];
  if (step === "confirm" && isConfirmation(kind)) return { step, confirmation: kind, line };
  if (step === "ask" && isQuestion(kind)) return { step, question: kind, line };
  return null;
}

/** A question's title with the command's options filled in: "Object to poll #{id}" → "Object to poll #3". */
export const fillTitle = (template: string, options: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (_, name: string) => options[name] ?? "");
