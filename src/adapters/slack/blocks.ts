// How the bot looks on Slack: mrkdwn text with native <!date^…> times, the poll card in Block Kit
// (the core's card model) with its buttons, and the form that asks a card action's question.
import type { types } from "@slack/bolt";
import { CONFIRMATIONS, decodePress, encodePress, fillTitle, QUESTIONS, type Card, type CardLine, type CardMark, type Press, type Question } from "../../core/cards/card.ts";
import { parseLine } from "../../../commands/grammar.ts";
import { catalogue } from "../../../commands/index.ts";
import { fileIn } from "../../app/reply.ts";
import { renderTimes } from "../../core/shared/markup.ts";

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/** The form that asks a card action's question (see questionModal). */
export const QUESTION_CALLBACK = "card_question";
export const QUESTION_BLOCK = "reason";
export const QUESTION_INPUT = "reason_input";

/** Slack's limits for the fields filled from user text. */
const SECTION_TEXT_MAX = 3000;
const MODAL_TITLE_MAX = 24;

/** Slack reads &, < and > as markup (links, @channel); text from users must not be able to use it. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const pad = (n: number) => String(n).padStart(2, "0");
const utcFallback = (at: Date) => `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;

/** Shown in each reader's own time zone; clients that cannot format it show the UTC fallback. */
export const slackDate = (at: Date): string => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${utcFallback(at)}>`;

const COMMAND_MENTION = new RegExp(`(^|[\\s(«"'\`])/(${catalogue.map((c) => c.name).join("|")})(?![\\w-])`, "g");

/** With a command prefix, the commands a text names are the ones this workspace has: /cb-poll, not /poll. */
export function withCommandPrefix(text: string, prefix: string): string {
  return prefix ? text.replace(COMMAND_MENTION, (_mention, before: string, name: string) => `${before}/${prefix}${name}`) : text;
}

/** Core text (platform-neutral, with time markers) as Slack mrkdwn, naming the commands as this workspace has them. */
export const slackText = (text: string, commandPrefix = ""): string => renderTimes(escapeMrkdwn(withCommandPrefix(text, commandPrefix)), slackDate);

/** Slack cuts a message's text at 40,000 characters; an attached file must fit with the reply around it. */
const INLINE_FILE_MAX = 38_000;

/**
 * Exports and calendar files travel in a reply's data (content or ics, with a filename). Uploading a
 * file would need the files:write scope and could not be private, so Slack shows it inline, as a code
 * block that can be copied, when it fits in a message.
 */
export function withAttachedFile(text: string, data: Record<string, unknown> | undefined, commandPrefix = ""): string {
  const file = fileIn(data);
  if (!file) return slackText(text, commandPrefix);
  const { filename, content } = file;
  if (content.length > INLINE_FILE_MAX) {
    const tooLong = `${escapeMrkdwn(filename)} is ${content.length} characters, too long for a Slack message: narrow the export (for example year:) or export it from the shell.`;
    return [slackText(text, commandPrefix), tooLong].join("\n");
  }
  // A zero-width space keeps a ``` inside the file from closing the code block early.
  const body = escapeMrkdwn(content.replace(/```/g, "`\u200b`\u200b`").replace(/\n$/, ""));
  return [slackText(text, commandPrefix), "```", body, "```"].join("\n");
}

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const MARK: Record<CardMark, string> = {
  concur: ":white_check_mark: concur",
  abstain: ":heavy_minus_sign: abstain",
  object: ":no_entry: object",
  pending: ":hourglass_flowing_sand: no position yet",
};

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
/** User text and time markers as Slack mrkdwn: escaped, then dates as <!date^…>. */
const textOf = (text: string) => renderTimes(escapeMrkdwn(text), slackDate);
const lineOf = (line: CardLine) => [line.label ? `*${escapeMrkdwn(line.label)}*` : "", line.mark ? MARK[line.mark] : "", textOf(line.text)].filter(Boolean).join(" ");

/** Slack's limits on the blocks a card uses. */
const SECTION_FIELDS_MAX = 10;
const FIELD_TEXT_MAX = 2000;
const BUTTON_TEXT_MAX = 75;

/** The one-line summary a notification shows, and what clients without Block Kit display. */
export const cardSummary = (card: Card): string => textOf(card.summary);

/** A card in Block Kit; blocks are keyed `<kind>_<id>` (poll_title, poll_tally, …), and each button carries its command back. */
export function cardBlocks(card: Card): KnownBlock[] {
  const badge = card.badge ? ` · ${escapeMrkdwn(card.badge)}` : "";
  const blocks: KnownBlock[] = [{ type: "section", block_id: `${card.kind}_title`, text: mrkdwn(truncate(`*${escapeMrkdwn(card.label)}${badge}* — ${escapeMrkdwn(card.title)}`, SECTION_TEXT_MAX)) }];
  if (card.text) blocks.push({ type: "section", block_id: `${card.kind}_text`, text: mrkdwn(truncate(textOf(card.text), SECTION_TEXT_MAX)) });
  if (card.fields.length) {
    blocks.push({
      type: "section",
      block_id: `${card.kind}_fields`,
      fields: card.fields.slice(0, SECTION_FIELDS_MAX).map((f) => mrkdwn(truncate(`*${escapeMrkdwn(f.label)}*\n${textOf(f.value)}`, FIELD_TEXT_MAX))),
    });
  }
  for (const section of card.sections) {
    if (section.lines.length === 0) continue;
    blocks.push({ type: "section", block_id: `${card.kind}_${section.id}`, text: mrkdwn(truncate([`*${escapeMrkdwn(section.heading)}*`, ...section.lines.map(lineOf)].join("\n"), SECTION_TEXT_MAX)) });
  }
  if (card.actions.length) {
    blocks.push({
      type: "actions",
      block_id: `${card.kind}_actions`,
      elements: card.actions.map((a) => {
        const confirmation = a.confirm ? CONFIRMATIONS[a.confirm] : undefined;
        return {
          type: "button" as const,
          action_id: `${card.kind}_${a.id}`,
          text: plain(truncate(a.label, BUTTON_TEXT_MAX)),
          value: encodePress(a, { nativeConfirm: true }),
          ...(a.style === "secondary" ? {} : { style: a.style }),
          ...(confirmation ? { confirm: { title: plain(confirmation.title), text: plain(confirmation.text), confirm: plain(confirmation.confirm), deny: plain(confirmation.deny) } } : {}),
        };
      }),
    });
  }
  if (card.footer) blocks.push({ type: "context", block_id: `${card.kind}_footer`, elements: [mrkdwn(escapeMrkdwn(card.footer))] });
  return blocks;
}

/** The action_ids of card buttons: `<kind>_<action id>`. */
export const CARD_ACTION = /^(poll|waiting)_[a-z-]+$/;

/** A press as Slack delivers it; buttons of cards posted before the card model carried only the poll's number. */
export function pressOf(actionId: string, value: string | undefined): Press | null {
  const press = decodePress(value ?? "");
  if (press) return press;
  const legacy = /^poll_(concur|abstain|object)$/.exec(actionId);
  const target = parseStanceValue(value);
  if (!legacy || !target) return null;
  const line = `poll position id:${target.pollId} stance:${legacy[1]}${legacy[1] === "concur" && target.endorsed ? " endorsed:true" : ""}`;
  return legacy[1] === "object" ? { step: "ask", question: "objection-reason", line } : { step: "run", line };
}

/** What a poll card button carries: the poll, and for a product whether the concurrence confirms endorsement. */
export function parseStanceValue(value: string | undefined): { pollId: number; endorsed: boolean } | null {
  const match = /^(\d+)(:endorsed)?$/.exec(value ?? "");
  return match ? { pollId: Number(match[1]), endorsed: Boolean(match[2]) } : null;
}

export interface QuestionContext {
  question: Question;
  /** The command the answer completes. */
  line: string;
  /** Where the button was pressed, to confirm there. */
  channelId: string | undefined;
  /** The workspace (team id) the form was opened in: a submission from another is refused. */
  teamId?: string | undefined;
}

/** The form that asks for a value a card action needs (an objection's reason), then runs its command. */
export function questionModal(context: QuestionContext, maxLength: number): ModalView {
  const question = QUESTIONS[context.question];
  const words = parseLine(context.line);
  return {
    type: "modal",
    callback_id: QUESTION_CALLBACK,
    private_metadata: JSON.stringify(context),
    title: plain(truncate(fillTitle(question.title, words.ok ? words.value.options : {}), MODAL_TITLE_MAX)),
    submit: plain(question.submit),
    close: plain("Cancel"),
    blocks: [
      { type: "section", text: mrkdwn(escapeMrkdwn(question.intro)) },
      {
        type: "input",
        block_id: QUESTION_BLOCK,
        label: plain(question.label),
        element: { type: "plain_text_input", action_id: QUESTION_INPUT, multiline: true, max_length: maxLength },
      },
    ],
  };
}

export function parseQuestionContext(metadata: string): QuestionContext | null {
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { question, line, channelId, teamId } = parsed as Record<string, unknown>;
    if (typeof question !== "string" || !Object.hasOwn(QUESTIONS, question) || typeof line !== "string") return null;
    const press = decodePress(`ask:${question}:${line}`);
    if (!press || press.step !== "ask") return null;
    return { question: press.question, line: press.line, channelId: typeof channelId === "string" ? channelId : undefined, ...(typeof teamId === "string" ? { teamId } : {}) };
  } catch {
    return null;
  }
}
