// Slack users are people of the group through Identity rows on the platform "slack": the caller of a
// command is its Slack user id, and a USER option is a Slack mention, which carries the id.
import type { Caller } from "../../core/access/actor.ts";
import type { UserRef } from "../../core/people/userRef.ts";

/** `<@U123ABC>` or `<@U123ABC|name>`, as Slack sends a mention in escaped slash command text. */
const MENTION = /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g;
const WHOLE_MENTION = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/;

export const slackCaller = (groupId: number, userId: string): Caller => ({ groupId, platform: "slack", externalId: userId });

/** A handle the core can store: Slack names may hold spaces or dots that other platforms' handles do not. */
function handleFrom(name: string | undefined, userId: string): string {
  const cleaned = (name ?? "")
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return cleaned || userId.toLowerCase();
}

export function isSlackMention(text: string): boolean {
  return WHOLE_MENTION.test(text.trim());
}

/** The person a mention names. Call only with a mention (see isSlackMention); anything else is a bug. */
export function resolveSlackUser(text: string): UserRef {
  const match = WHOLE_MENTION.exec(text.trim());
  if (!match) throw new Error(`not a Slack mention: ${text}`);
  const [, userId, name] = match as unknown as [string, string, string | undefined];
  return { handle: handleFrom(name, userId), identity: { platform: "slack", externalId: userId } };
}

/**
 * Turns the text Slack sends with a slash command into the shared grammar: mentions become single
 * tokens (a display name may contain spaces), Slack's HTML escapes are undone, and typographic quotes,
 * which some keyboards substitute, become the grammar's plain double quotes.
 */
export function normalizeCommandText(text: string): string {
  return text
    .replace(MENTION, (_, userId: string, name: string | undefined) => `<@${userId}|${handleFrom(name, userId)}>`)
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
