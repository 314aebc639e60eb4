// The poll card's buttons and the objection modal. A button casts through the same catalogue action
// as `/poll position`, so every rule (role, agency, open poll, electorate) is the core's.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from "@slack/bolt";
import { quote } from "../../../commands/grammar.ts";
import { findCommand } from "../../../commands/index.ts";
import type { Reply } from "../../app/reply.ts";
import {
  OBJECTION_CALLBACK,
  OBJECTION_REASON_BLOCK,
  OBJECTION_REASON_INPUT,
  STANCE_ACTIONS,
  objectionModal,
  parseObjectionContext,
  parseStanceValue,
  slackText,
  withCommandPrefix,
} from "./blocks.ts";
import { guarded, isRefusal, isReplay, nudge, runLineFor, type Handling } from "./handling.ts";

/** Slack closes a modal only if the submission is acknowledged within 3 s; keep a margin. */
const VIEW_ACK_BUDGET_MS = 2000;

/** The catalogue's limit on an objection's reason is the modal's input limit. */
const reasonMaxLength = (): number => findCommand("poll")?.actions["position"]?.options["reason"]?.maxLength ?? 1000;

/** The promise's value if it settles within `ms`, else null (the promise keeps running). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, ms, null);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const channelOf = (body: BlockAction): string => body.channel?.id ?? (body.container as { channel_id?: string }).channel_id ?? "";

export function registerInteractions(app: App, handling: Handling): void {
  const quickStances = new RegExp(`^(${STANCE_ACTIONS.concur}|${STANCE_ACTIONS.abstain})$`);

  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: quickStances }, guarded(handling, "a poll button", async ({ ack, body, action, respond }) => {
    await ack();
    const request = handling.deliveries.receive(`action:${body.trigger_id}`);
    if (!request) return;
    const target = parseStanceValue(action.value);
    if (!target) return handling.log.warn(`A poll button carried an unexpected value: ${String(action.value)}`);
    const stance = action.action_id === STANCE_ACTIONS.concur ? "concur" : "abstain";
    const endorsed = stance === "concur" && target.endorsed ? " endorsed:true" : "";
    const reply = await runLineFor(handling, body.user.id, channelOf(body), `poll position id:${target.pollId} stance:${stance}${endorsed}`, request);
    if (isReplay(reply)) return;
    // The card shows everyone the new tally; the confirmation or the refusal is for the presser alone.
    await respond({ response_type: "ephemeral", replace_original: false, text: slackText(reply.text, handling.commandPrefix) });
    await nudge(handling);
  }));

  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: STANCE_ACTIONS.object }, guarded(handling, "an Object button", async ({ ack, body, action, client, respond }) => {
    await ack();
    if (!handling.deliveries.firstTime(`action:${body.trigger_id}`)) return;
    const target = parseStanceValue(action.value);
    if (!target) return handling.log.warn(`A poll button carried an unexpected value: ${String(action.value)}`);
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: objectionModal({ pollId: target.pollId, channelId: channelOf(body) || undefined }, reasonMaxLength()) });
    } catch (error) {
      handling.log.error("Could not open the objection modal:", error);
      const command = `/${handling.commandPrefix}poll position id:${target.pollId} stance:object reason:"…"`;
      await respond({ response_type: "ephemeral", replace_original: false, text: `I could not open the objection form. Object with ${command} instead.` });
    }
  }));

  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: OBJECTION_CALLBACK }, guarded(handling, "an objection form", async ({ ack, body, view, client }) => {
    const context = parseObjectionContext(view.private_metadata);
    const request = handling.deliveries.receive(`view:${body.trigger_id}`);
    if (!request || !context) {
      if (!context) handling.log.warn("An objection modal came back without its poll");
      await ack();
      return;
    }
    const reason = view.state.values[OBJECTION_REASON_BLOCK]?.[OBJECTION_REASON_INPUT]?.value ?? "";
    const userId = body.user.id;
    const casting = runLineFor(handling, userId, context.channelId ?? "", `poll position id:${context.pollId} stance:object reason:${quote(reason)}`, request);

    // A refusal is shown on the form itself, which stays open so that nothing typed is lost. Should the
    // database be slow, the form is closed in time and the answer follows as an ephemeral message.
    const early = await settledWithin(casting, VIEW_ACK_BUDGET_MS);
    if (early && isRefusal(early)) {
      await ack({ response_action: "errors", errors: { [OBJECTION_REASON_BLOCK]: withCommandPrefix(early.text, handling.commandPrefix) } });
      return;
    }
    await ack();
    const reply: Reply = early ?? (await casting);
    if (isReplay(reply)) return;
    if (context.channelId) {
      try {
        await client.chat.postEphemeral({ channel: context.channelId, user: userId, text: slackText(reply.text, handling.commandPrefix) });
      } catch (error) {
        handling.log.warn("Could not confirm an objection in its channel:", error);
      }
    }
    await nudge(handling);
  }));
}
