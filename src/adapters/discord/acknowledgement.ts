// Discord forgets an interaction that is not acknowledged within 3 seconds. Most commands finish
// long before that, and answering them directly keeps refusals private and costs one request. When
// the answer is slow (a busy database, a storm of votes), the interaction is deferred first and
// answered afterwards, so the acknowledgement never waits for the database.
import { InteractionResponseType, InteractionType, MessageFlags } from "discord.js";
import { fileIn, type Reply } from "../../app/reply.ts";
import type { ReceivedInteraction } from "./incoming.ts";
import { renderText, splitContent } from "./rendering.ts";
import type { InteractionWebhooks } from "./webhooks.ts";

/**
 * How an interaction is acknowledged late:
 * "reply": a slash command, whose answer is a new message. A deferral is private, because its
 *   visibility is fixed when deferring and a refusal must never show in the channel.
 * "update": a button or a modal on a poll card; deferring shows nothing, and the answer is private.
 */
export type AckStyle = "reply" | "update";

const NO_PINGS = { parse: [] as [] };
export const DEFERRED_PUBLIC_NOTE = "Done. The answer is posted in this channel for everyone.";

/** Replies that carry a file put its name in `filename` and its text in `content` (exports) or `ics` (calendars). */
export function attachmentOf(reply: Reply): { attachment: Buffer; name: string } | null {
  const file = fileIn(reply.data);
  return file ? { attachment: Buffer.from(file.content, "utf8"), name: file.filename } : null;
}

export class Acknowledgement {
  private deferral: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private noted = false;

  readonly style: AckStyle;

  /**
   * @param webhooks Where the messages after the acknowledgement go (see webhooks.ts).
   * @param track Told of each deferral on its way, so that database work can make way for it. */
  constructor(
    private readonly interaction: ReceivedInteraction,
    private readonly webhooks: InteractionWebhooks,
    private readonly track: <T>(acknowledgement: Promise<T>) => Promise<T> = (a) => a,
    /** Told once, when Discord has taken the acknowledgement (a deferral or the answer itself). */
    private readonly onAcknowledged: () => void = () => undefined,
    /** Runs before a deferral is sent, which is not sent if it fails (intake.ts holds the interaction). */
    private readonly beforeDeferring: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.style = interaction.data.type === InteractionType.ApplicationCommand ? "reply" : "update";
    // An earlier run acknowledged it (intake.ts): the answer goes through the webhook, as after a deferral.
    if (interaction.heldSince) {
      this.deferral = Promise.resolve();
      this.noted = true;
    }
  }

  get deferred(): boolean {
    return this.deferral !== null;
  }

  /** Defers if no answer has been sent within `ms`. */
  deferAfter(ms: number): void {
    this.timer = setTimeout(() => void this.deferNow().catch(() => undefined), ms);
  }

  deferNow(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer);
    const deferral =
      this.style === "reply"
        ? { type: InteractionResponseType.DeferredChannelMessageWithSource as const, data: { flags: MessageFlags.Ephemeral } }
        : { type: InteractionResponseType.DeferredMessageUpdate as const };
    this.deferral ??= this.track(this.beforeDeferring().then(() => this.interaction.respond(deferral))).then((done) => {
      this.acknowledged();
      return done;
    });
    return this.deferral;
  }

  /** Resolves once a deferral begun is sent or refused (at once if none was begun). */
  async settledDeferral(): Promise<void> {
    await this.deferral?.catch(() => undefined);
  }

  /** Sends nothing after all (a replayed interaction, answered the first time): no deferral either. */
  abandon(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private acknowledged(): void {
    if (this.noted) return;
    this.noted = true;
    this.onAcknowledged();
  }

  /** Answers with the reply; `private` keeps it to the person who acted, whatever the reply says. */
  async send(reply: Reply, options: { private?: boolean } = {}): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const ephemeral = options.private === true || this.style === "update" || reply.visibility === "ephemeral";
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    const chunks = splitContent(renderText(reply.text));
    // A file the reply carries (an export, a calendar) goes with its first message.
    const file = attachmentOf(reply);
    const to = { applicationId: this.interaction.data.application_id, token: this.interaction.data.token };
    const followUps = async (contents: string[], withFlags: typeof flags, withFile: boolean) => {
      for (const [i, content] of contents.entries()) await this.webhooks.followUp(to, { content, flags: withFlags, file: withFile && i === 0 ? file : null });
    };

    // The HTTP response carries no file: a reply with one is deferred and then answered through the webhook.
    if (!this.deferral && file && !this.interaction.respondsWithFiles) void this.deferNow().catch(() => undefined);
    if (!this.deferral) {
      const data = { content: chunks[0]!, allowed_mentions: NO_PINGS, ...(flags ? { flags } : {}), ...(file ? { attachments: [{ id: "0", filename: file.name }] } : {}) };
      await this.interaction.respond({ type: InteractionResponseType.ChannelMessageWithSource, data }, file ? [{ name: file.name, data: file.attachment }] : []);
      this.acknowledged();
      return followUps(chunks.slice(1), flags, false);
    }
    await this.deferral;
    if (this.style === "update") return followUps(chunks, flags, true);
    // The deferral is private: a private answer replaces it; a public one is posted after it.
    if (ephemeral) {
      await this.webhooks.editOriginal(to, { content: chunks[0]!, file });
      return followUps(chunks.slice(1), flags, false);
    }
    await this.webhooks.editOriginal(to, { content: DEFERRED_PUBLIC_NOTE });
    return followUps(chunks, undefined, true);
  }
}
