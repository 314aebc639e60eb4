// How the bot's platform-neutral words look on Discord: time markers become <t:…> timestamps that
// every reader sees in their own time zone, long texts are cut to Discord's sizes, and a poll's card
// (the core's card model) is an embed with its fields and sections and, while it is open, the buttons to respond.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from "discord.js";
import { encodePress, type Card, type CardField, type CardLine, type CardMark, type CardTone } from "../../core/cards/card.ts";
import { renderTimes } from "../../core/shared/markup.ts";

export const MESSAGE_CONTENT_MAX = 2000;
/**
 * Discord's embed limits; `total` is the sum of title, description, field names and values and footer.
 * descriptionKept and lineKept are ours: how much of a card's text the tally leaves room for, and how
 * short an agency's line may be cut (its code, mark and the start of its reason).
 */
const EMBED = { title: 256, description: 4096, fieldValue: 1024, fields: 25, total: 6000, descriptionKept: 1000, lineKept: 60 } as const;

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

const MARK = { concur: "✅ concur", abstain: "➖ abstain", object: "⛔ object", pending: "… pending" } as const satisfies Record<CardMark, string>;
const COLOUR = { open: 0x3b82f6, adopted: 0x16a34a, neutral: 0x6b7280, blocked: 0xdc2626 } as const satisfies Record<CardTone, number>;
const STYLE = { primary: ButtonStyle.Success, secondary: ButtonStyle.Secondary, danger: ButtonStyle.Danger } as const;

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

/** A deadline reads as the date and how far off it is, each in the reader's own zone and language. */
const fieldText = (field: CardField): string => renderTimes(field.value, (at) => (field.id === "closes" ? `${discordTime(at, "f")} (${discordTime(at, "R")})` : discordTime(at, "f")));

const lineText = (line: CardLine): string => [line.label ? `**${line.label}**` : "", line.mark ? MARK[line.mark] : "", renderText(line.text)].filter(Boolean).join(" ");

type EmbedField = NonNullable<APIEmbed["fields"]>[number];
const fieldsSize = (fields: readonly EmbedField[]) => fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * A card as an embed: its fields first, then each section as fields, split to Discord's sizes. Discord
 * also refuses an embed whose title, description, field names and values and footer add up to more
 * than 6,000 characters (50035). A poll whose text is as long as the catalogue allows (3,000) and
 * whose agencies object with reasons of up to 1,000 characters each passes that, so the tally is laid
 * out first (every agency keeps its line and mark; long lines are shortened, and past the last field
 * that fits the rest is cut), with room kept for the start of the text, which gets what is left.
 */
export function cardEmbed(card: Card): APIEmbed {
  const title = clip(`${card.label}: ${card.title}`, EMBED.title);
  const fixed = card.fields.map((f) => ({ name: f.label, value: clip(fieldText(f), EMBED.fieldValue), inline: false }));
  const description = card.text ? renderText(card.text) : "";
  const base = title.length + (card.footer?.length ?? 0) + fieldsSize(fixed);
  const sectionRoom = EMBED.total - base - Math.min(description.length, EMBED.descriptionKept);
  const layout = (lineMax: number) =>
    card.sections.flatMap((s) => (s.lines.length ? (fieldsOf(s.heading, s.lines.map((l) => clip(lineText(l), lineMax)), EMBED.fields - fixed.length) ?? []) : [])).slice(0, EMBED.fields - fixed.length);
  let lineMax: number = EMBED.fieldValue;
  let sections = layout(lineMax);
  while (fieldsSize(sections) > sectionRoom && lineMax > EMBED.lineKept) {
    lineMax = Math.max(EMBED.lineKept, Math.floor(lineMax * 0.75));
    sections = layout(lineMax);
  }
  while (sections.length > 0 && fieldsSize(sections) > sectionRoom) sections = sections.slice(0, -1);
  const descriptionRoom = Math.min(EMBED.description, EMBED.total - base - fieldsSize(sections));
  return {
    title,
    ...(description && descriptionRoom > 0 ? { description: clip(description, descriptionRoom) } : {}),
    color: COLOUR[card.tone],
    fields: [...fixed, ...sections],
    ...(card.footer ? { footer: { text: card.footer } } : {}),
  };
}

/** A card's actions as buttons; each carries its command back (customIds.ts), and Discord confirms by a step of its own. */
export function cardButtons(card: Card): APIActionRowComponent<APIButtonComponent>[] {
  if (card.actions.length === 0) return [];
  const buttons: APIButtonComponent[] = card.actions.map((a) => ({ type: ComponentType.Button, style: STYLE[a.style], label: a.label, custom_id: encodePress(a, { nativeConfirm: false }) }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  return rows;
}
