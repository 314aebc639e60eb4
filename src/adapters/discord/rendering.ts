// How the bot's platform-neutral words look on Discord: time markers become <t:…> timestamps that
// every reader sees in their own time zone, long texts are cut to Discord's sizes, and a poll's card
// is an embed with its live tally and, while it is open, the buttons to respond.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from "discord.js";
import type { PollCard } from "../../core/polls/pollCard.ts";
import { renderTimes } from "../../core/shared/markup.ts";
import { stanceButtonId } from "./customIds.ts";

export const MESSAGE_CONTENT_MAX = 2000;
const EMBED = { title: 256, description: 4096, fieldValue: 1024, fields: 25 } as const;

/** f: "1 June 2026 09:00", R: "in 3 days", in the reader's locale and time zone. */
export const discordTime = (at: Date, style: "f" | "F" | "R" | "d" = "f"): string => `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;

export const renderText = (text: string): string => renderTimes(text, (at) => discordTime(at, "f"));

export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Splits a long answer into messages Discord accepts, at line breaks where it can. */
export function splitContent(text: string, max = MESSAGE_CONTENT_MAX): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) chunks.push(current);
    let rest = line;
    while (rest.length > max) {
      chunks.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    current = rest;
  }
  if (current || chunks.length === 0) chunks.push(current || "…");
  return chunks;
}

const STANCE_LABEL = { concur: "✅ concur", abstain: "➖ abstain", object: "⛔ object", pending: "… pending" } as const;
const COLOUR = { open: 0x3b82f6, adopted: 0x16a34a, other: 0x6b7280, blocked: 0xdc2626 } as const;

/** Lines grouped into embed fields of at most 1,024 characters each. */
function fieldsOf(name: string, lines: string[], room: number): APIEmbed["fields"] {
  const fields: NonNullable<APIEmbed["fields"]> = [];
  let value = "";
  for (const line of lines) {
    if (value && value.length + 1 + line.length > EMBED.fieldValue) {
      fields.push({ name: fields.length ? `${name} (continued)` : name, value });
      value = "";
    }
    value = value ? `${value}\n${line}` : clip(line, EMBED.fieldValue);
  }
  if (value) fields.push({ name: fields.length ? `${name} (continued)` : name, value });
  return fields.slice(0, room);
}

export function pollCardEmbed(card: PollCard): APIEmbed {
  const { poll, tally } = card;
  const open = poll.status === "open";
  const closes = open ? `${discordTime(poll.closesAt, "f")} (${discordTime(poll.closesAt, "R")})` : `${card.outcome ?? "closed"}${card.decision ? ` — decision ${card.decision}` : ""}`;
  const counts = `${tally.concur} concur · ${tally.abstain} abstain · ${tally.object} object · ${tally.pending} pending\n${card.responses}`;
  const fixed = [
    { name: open ? "Closes" : "Outcome", value: closes, inline: false },
    { name: "Tally", value: counts, inline: false },
    { name: "Procedure", value: clip(card.procedure, EMBED.fieldValue), inline: false },
  ];
  const agencies = fieldsOf(
    "Agencies",
    card.agencies.map((a) => `**${a.code}** ${STANCE_LABEL[a.stance]}`),
    EMBED.fields - fixed.length,
  );
  const colour = open ? COLOUR.open : card.outcome === "adopted" ? COLOUR.adopted : card.outcome === "not adopted" ? COLOUR.blocked : COLOUR.other;
  return {
    title: clip(`Poll #${poll.id}: ${poll.title}`, EMBED.title),
    ...(poll.text ? { description: clip(poll.text, EMBED.description) } : {}),
    color: colour,
    fields: [...fixed, ...(agencies ?? [])],
    footer: { text: poll.kind === "general" ? "Consensus poll" : `Consensus poll · ${poll.kind}` },
  };
}

export function pollCardButtons(card: PollCard): APIActionRowComponent<APIButtonComponent>[] {
  if (card.poll.status !== "open") return [];
  const id = card.poll.id;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Success, label: "Concur", custom_id: stanceButtonId(id, "concur") },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Abstain", custom_id: stanceButtonId(id, "abstain") },
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: "Object…", custom_id: stanceButtonId(id, "object") },
      ],
    },
  ];
}
