// How the bot looks on Slack: mrkdwn text with native <!date^…> times, the poll card in Block Kit
// with its buttons, and the modal that asks for an objection's reason.
import type { types } from "@slack/bolt";
import type { PollCard } from "../../core/polls/pollCard.ts";
import type { Stance } from "../../core/polls/poll.ts";
import { catalogue } from "../../../commands/index.ts";
import { fileIn } from "../../app/reply.ts";
import { renderTimes } from "../../core/shared/markup.ts";

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/** Button action_ids of a poll card; the value of each button is the poll's number. */
export const STANCE_ACTIONS = { concur: "poll_concur", abstain: "poll_abstain", object: "poll_object" } as const satisfies Record<Stance, string>;
export const OBJECTION_CALLBACK = "poll_objection";
export const OBJECTION_REASON_BLOCK = "reason";
export const OBJECTION_REASON_INPUT = "reason_input";

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

const STANCE_MARK: Record<Stance | "pending", string> = {
  concur: ":white_check_mark: concur",
  abstain: ":heavy_minus_sign: abstain",
  object: ":no_entry: object",
  pending: ":hourglass_flowing_sand: no position yet",
};

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });

/** The one-line summary a notification shows, and what clients without Block Kit display. */
export function pollCardSummary(card: PollCard): string {
  const { poll, tally } = card;
  const state = poll.status === "open" ? `closes ${slackDate(poll.closesAt)}` : `closed: ${card.outcome ?? "closed"}`;
  return `Poll #${poll.id} «${escapeMrkdwn(poll.title)}» (${state}): ${tally.concur} concur, ${tally.abstain} abstain, ${tally.object} object`;
}

export function pollCardBlocks(card: PollCard): KnownBlock[] {
  const { poll, tally } = card;
  const kind = poll.kind === "general" ? "" : ` · ${poll.kind}`;
  const blocks: KnownBlock[] = [
    { type: "section", block_id: "poll_question", text: mrkdwn(truncate(`*Poll #${poll.id}${kind}* — ${escapeMrkdwn(poll.title)}`, SECTION_TEXT_MAX)) },
  ];
  if (poll.text) blocks.push({ type: "section", block_id: "poll_text", text: mrkdwn(truncate(escapeMrkdwn(poll.text), SECTION_TEXT_MAX)) });
  const when = poll.status === "open" ? `Closes ${slackDate(poll.closesAt)}` : "Closed";
  blocks.push({ type: "context", block_id: "poll_terms", elements: [mrkdwn(`${when} · ${escapeMrkdwn(card.procedure)}`)] });

  const perAgency = card.agencies.map((a) => `*${escapeMrkdwn(a.code)}* ${STANCE_MARK[a.stance]}${a.reason ? ` — ${escapeMrkdwn(a.reason)}` : ""}`);
  const counts = `${tally.concur} concur · ${tally.abstain} abstain · ${tally.object} object — ${escapeMrkdwn(card.responses)}`;
  blocks.push({ type: "section", block_id: "poll_tally", text: mrkdwn(truncate([counts, ...perAgency].join("\n"), SECTION_TEXT_MAX)) });

  if (poll.status === "open") {
    const value = String(poll.id);
    // A product is endorsed only if each agency confirms its internal endorsement with its concurrence.
    const concur =
      poll.kind === "product"
        ? {
            value: `${value}:endorsed`,
            confirm: {
              title: plain("Internal endorsement"),
              text: plain("Concurring on a product confirms that your agency has endorsed it internally."),
              confirm: plain("Concur, endorsed"),
              deny: plain("Cancel"),
            },
          }
        : { value };
    blocks.push({
      type: "actions",
      block_id: "poll_votes",
      elements: [
        { type: "button", action_id: STANCE_ACTIONS.concur, text: plain("Concur"), style: "primary", ...concur },
        { type: "button", action_id: STANCE_ACTIONS.abstain, text: plain("Abstain"), value },
        { type: "button", action_id: STANCE_ACTIONS.object, text: plain("Object…"), style: "danger", value },
      ],
    });
  } else {
    const decision = card.decision ? ` · decision ${card.decision}` : "";
    blocks.push({ type: "section", block_id: "poll_outcome", text: mrkdwn(`*Outcome: ${card.outcome ?? "closed"}*${decision}`) });
  }
  return blocks;
}

/** What a poll card button carries: the poll, and for a product whether the concurrence confirms endorsement. */
export function parseStanceValue(value: string | undefined): { pollId: number; endorsed: boolean } | null {
  const match = /^(\d+)(:endorsed)?$/.exec(value ?? "");
  return match ? { pollId: Number(match[1]), endorsed: Boolean(match[2]) } : null;
}

export interface ObjectionContext {
  pollId: number;
  /** Where the button was pressed, to confirm the objection there. */
  channelId: string | undefined;
}

export function objectionModal(context: ObjectionContext, reasonMaxLength: number): ModalView {
  return {
    type: "modal",
    callback_id: OBJECTION_CALLBACK,
    private_metadata: JSON.stringify(context),
    title: plain(truncate(`Object to poll #${context.pollId}`, MODAL_TITLE_MAX)),
    submit: plain("Object"),
    close: plain("Cancel"),
    blocks: [
      { type: "section", text: mrkdwn(`An objection blocks poll #${context.pollId}: it is not adopted while your agency objects. The reason is recorded and named with the outcome.`) },
      {
        type: "input",
        block_id: OBJECTION_REASON_BLOCK,
        label: plain("Why does your agency object?"),
        element: { type: "plain_text_input", action_id: OBJECTION_REASON_INPUT, multiline: true, max_length: reasonMaxLength },
      },
    ],
  };
}

export function parseObjectionContext(metadata: string): ObjectionContext | null {
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { pollId, channelId } = parsed as Record<string, unknown>;
    if (typeof pollId !== "number" || !Number.isInteger(pollId)) return null;
    return { pollId, channelId: typeof channelId === "string" ? channelId : undefined };
  } catch {
    return null;
  }
}
