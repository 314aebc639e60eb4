// The app's Home tab: what is waiting for the user (/waiting's card), published with views.publish
// when they open it, and published again for everyone who has opened it whenever a poll's card is
// sent to Slack (a poll opened, a position taken, a poll closed or withdrawn: each goes through the
// outbox as a card message, see sender.ts). Who opened it is kept in memory: after a restart a user's
// Home is refreshed again from their next visit.
import type { App } from "@slack/bolt";
import { parseCommand } from "../../../commands/index.ts";
import { cardBlocks, slackText } from "./blocks.ts";
import { runFor, type Handling } from "./handling.ts";
import type { SlackClients } from "./installations.ts";

export class HomeTabs {
  /** The Slack users who have opened the Home tab (with their workspace, which decides the group), in the order they first did. */
  readonly opened = new Map<string, { teamId: string | undefined; userId: string }>();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly handling: Handling,
    /** Each user's Home is published with the token of their workspace. */
    private readonly clients: SlackClients,
  ) {}

  /** Publishes one user's Home view from the live state. */
  async publish(teamId: string | undefined, userId: string): Promise<void> {
    const parsed = parseCommand("waiting");
    if (!parsed.ok) throw new Error(parsed.error);
    const reply = await runFor(this.handling, { teamId, userId, channelId: "" }, parsed.value);
    const blocks: ReturnType<typeof cardBlocks> = reply.card ? cardBlocks(reply.card) : [{ type: "section", block_id: "waiting_refused", text: { type: "mrkdwn", text: slackText(reply.text, this.handling.commandPrefix) || " " } }];
    const client = await this.clients.forTeam(teamId);
    if (!client) return; // the workspace uninstalled the app meanwhile
    await client.views.publish({ user_id: userId, view: { type: "home", blocks } });
  }

  /** Something a Home view shows changed: publish every opened one again; changes meanwhile share the next round. */
  refresh(): Promise<void> {
    if (this.opened.size === 0) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        for (const { teamId, userId } of this.opened.values()) {
          try {
            await this.publish(teamId, userId);
          } catch (error) {
            this.handling.log.warn(`Could not refresh the Home tab of ${userId}:`, error);
          }
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

export function registerHome(app: App, handling: Handling, home: HomeTabs): void {
  app.event("app_home_opened", async ({ event, context }) => {
    if (handling.flight.draining || event.tab !== "home") return;
    home.opened.set(`${context.teamId ?? ""}:${event.user}`, { teamId: context.teamId, userId: event.user });
    await handling.flight.track(
      home.publish(context.teamId, event.user).catch((error: unknown) => handling.log.error(`Could not publish the Home tab of ${event.user}:`, error)),
    );
  });
}
