// The buttons of cards and the forms they open. A button runs the catalogue command its card action
// names (`poll position id:3 stance:concur`), so every rule (role, agency, open poll, electorate) is the core's.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from "@slack/bolt";
import { parseLine, quote } from "../../../commands/grammar.ts";
import { findCommand } from "../../../commands/index.ts";
import { refused, type Reply } from "../../app/reply.ts";
import { QUESTIONS } from "../../core/cards/card.ts";
import { CARD_ACTION, QUESTION_BLOCK, QUESTION_CALLBACK, QUESTION_INPUT, parseQuestionContext, pressOf, questionModal, slackText, withCommandPrefix } from "./blocks.ts";
import { ACK_BUDGET_MS, guarded, isRefusal, isReplay, LATE_ANSWER, nudge, runLineFor, settledWithin, type Handling } from "./handling.ts";

/** Slack closes a modal only if the submission is acknowledged within 3 s; keep a margin. */
const VIEW_ACK_BUDGET_MS = 2000;

/** The catalogue's length limit of the option a form asks for is the form's input limit. */
function optionMaxLength(line: string, option: string): number {
  const words = parseLine(line);
  const [command = "", action = ""] = words.ok ? words.value.words : [];
  return findCommand(command)?.actions[action]?.options[option]?.maxLength ?? 1000;
}

/** The workspace a request came from, as Slack signed it. */
const teamOf = (body: { team: { id: string } | null }): string | undefined => body.team?.id;

const channelOf = (body: BlockAction): string => body.channel?.id ?? (body.container as { channel_id?: string }).channel_id ?? "";

export function registerInteractions(app: App, handling: Handling): void {
  // Every card button: its value is the press the card model encoded (the command, and whether to ask
  // first). Slack itself asks for a confirmation (the button's confirm dialog) before sending it.
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: CARD_ACTION }, guarded(handling, "a card button", async ({ ack, body, action, client, respond }) => {
    const press = pressOf(action.action_id, action.value);
    if (!press || press.step === "ask") await ack();
    if (press?.step === "ask") {
      // Opening a form changes nothing, so it is not a delivery the replay memory keeps.
      if (!handling.deliveries.firstTime(`action:${body.trigger_id}`)) return;
      const option = QUESTIONS[press.question].option;
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: questionModal({ question: press.question, line: press.line, channelId: channelOf(body) || undefined, teamId: teamOf(body) }, optionMaxLength(press.line, option)) });
      } catch (error) {
        handling.log.error("Could not open a card's form:", error);
        await respond({ response_type: "ephemeral", replace_original: false, text: `I could not open the form. Use /${handling.commandPrefix}${press.line} ${option}:"…" instead.` });
      }
      return;
    }
    if (!press) return handling.log.warn(`A card button carried an unexpected value: ${String(action.value)}`);
    // A press that runs (a vote) is recorded before it is acknowledged: acknowledged first, a press on
    // a process killed before its commit was lost (the replica storm, test/integration/replicaStorm.test.ts,
    // lost 15 of 200 that way), and Slack never delivers a press again, acknowledged or not (ACK_BUDGET_MS).
    // Recording takes far less than Slack's 3 s; when it takes longer (a loaded machine), the press is
    // left unacknowledged, so Slack tells the user it failed rather than that it went through, and it
    // still finishes here, its outcome answered through response_url.
    const key = `action:${body.trigger_id}`;
    const request = handling.deliveries.receive(key);
    if (!request) {
      // The same delivery again (Slack documents none; the replica storm plays one): acknowledged once
      // the first has been applied, if in time, and the database's memory of applied requests applies it once.
      if ((await settledWithin(handling.deliveries.handled(key).then(() => true), ACK_BUDGET_MS)) !== null) await ack();
      return;
    }
    const applying = handling.deliveries.track(key, runLineFor(handling, { teamId: teamOf(body), userId: body.user.id, channelId: channelOf(body), request }, press.line));
    const early = await settledWithin(applying, ACK_BUDGET_MS);
    if (early !== null) await ack();
    else handling.log.warn("A card press was not recorded within Slack's 3 s and is left unacknowledged (Slack shows the user an error); its outcome follows through response_url");
    const reply = early ?? (await applying);
    if (isReplay(reply)) return;
    // The card shows everyone the new state; the confirmation or the refusal is for the presser alone.
    const text = slackText(reply.text, handling.commandPrefix);
    await respond({ response_type: "ephemeral", replace_original: false, text: early === null ? LATE_ANSWER + text : text });
    await nudge(handling);
  }));

  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: QUESTION_CALLBACK }, guarded(handling, "a card's form", async ({ ack, body, view, client }) => {
    const context = parseQuestionContext(view.private_metadata);
    const request = handling.deliveries.receive(`view:${body.trigger_id}`);
    if (!request || !context) {
      if (!context) handling.log.warn("A card's form came back without its command");
      await ack();
      return;
    }
    const value = view.state.values[QUESTION_BLOCK]?.[QUESTION_INPUT]?.value ?? "";
    const userId = body.user.id;
    const teamId = teamOf(body);
    // A form opened in one workspace and submitted from another carries another group's data.
    const casting =
      context.teamId !== undefined && context.teamId !== teamId
        ? Promise.resolve(refused({ reason: "workspace_mismatch" }))
        : runLineFor(handling, { teamId, userId, channelId: context.channelId ?? "", request }, `${context.line} ${QUESTIONS[context.question].option}:${quote(value)}`);

    // A refusal is shown on the form itself, which stays open so that nothing typed is lost. The form is
    // closed (acknowledged) only once the answer is recorded, as a press is: should the database be
    // slow, Slack shows an error on the form, which stays open, and the answer follows as an ephemeral message.
    const early = await settledWithin(casting, VIEW_ACK_BUDGET_MS);
    if (early && isRefusal(early)) {
      await ack({ response_action: "errors", errors: { [QUESTION_BLOCK]: withCommandPrefix(early.text, handling.commandPrefix) } });
      return;
    }
    if (early !== null) await ack();
    else handling.log.warn("A card's form was not recorded within Slack's 3 s and is left unacknowledged (Slack shows an error on the form); its answer follows as an ephemeral message");
    const reply: Reply = early ?? (await casting);
    if (isReplay(reply)) return;
    if (context.channelId) {
      try {
        const text = slackText(reply.text, handling.commandPrefix);
        await client.chat.postEphemeral({ channel: context.channelId, user: userId, text: early === null ? LATE_ANSWER + text : text });
      } catch (error) {
        handling.log.warn("Could not confirm a card's form in its channel:", error);
      }
    }
    await nudge(handling);
  }));
}
