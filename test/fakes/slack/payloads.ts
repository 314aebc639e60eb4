import type { BlockAction, BlockElementAction, SlashCommand, ViewOutput, ViewStateValue, ViewSubmitAction } from "@slack/bolt";
import type { Workspace } from "./state.ts";

/**
 * Builders for what Slack sends to an app: the same payload objects go over HTTP (form-encoded) and inside
 * Socket Mode envelopes. Typed with Bolt's own payload types so a drift from what Bolt expects fails tsc.
 */

/** Slack still sends the deprecated verification token in every payload. */
export const VERIFICATION_TOKEN = "fakeVerificationToken0000";

export interface SlashCommandInput {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
}

export interface BlockActionInput {
  actionId: string;
  userId: string;
  value?: string;
  /** Looked up in the clicked message's or modal's blocks when omitted. */
  blockId?: string;
  /** Element type; looked up in the blocks too, else "static_select" with selectedOption and "button" otherwise. */
  type?: string;
  selectedOption?: { value: string; text?: string };
  /** A button in a message: the channel and the message's ts. */
  channelId?: string;
  messageTs?: string;
  /** The message was ephemeral: Slack then sends no `message`, only the container. */
  ephemeral?: boolean;
  /** A button inside a modal opened with views.open. */
  viewId?: string;
}

/**
 * Input values by block_id then action_id. A string (or string[] for multi-selects) is turned into the
 * state value that the element type found in the view's blocks produces; a full ViewStateValue passes as is.
 */
export type StateValuesInput = Record<string, Record<string, string | string[] | ViewStateValue>>;

export interface ViewSubmissionInput {
  userId: string;
  /** Submit a modal the app opened; its callback_id, private_metadata and blocks are used. */
  viewId?: string;
  callbackId?: string;
  privateMetadata?: string;
  values?: StateValuesInput;
}

export function buildSlashCommand(workspace: Workspace, input: SlashCommandInput): SlashCommand {
  workspace.ensureUser(input.userId);
  workspace.ensureChannel(input.channelId);
  const trigger = workspace.issueTrigger(input.userId, "slash_command");
  const responseUrl = workspace.issueResponseUrl({ kind: "slash_command", userId: input.userId, channelId: input.channelId, messageTs: undefined });
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.teamId,
    team_domain: workspace.teamDomain,
    channel_id: input.channelId,
    channel_name: workspace.channelName(input.channelId),
    user_id: input.userId,
    user_name: workspace.userName(input.userId),
    command: input.command,
    text: input.text ?? "",
    api_app_id: workspace.appId,
    is_enterprise_install: "false",
    response_url: responseUrl.url,
    trigger_id: trigger.id,
  };
}

export function buildBlockAction(workspace: Workspace, input: BlockActionInput): BlockAction {
  workspace.ensureUser(input.userId);
  const recordedView = input.viewId ? workspace.views.find((view) => view.id === input.viewId) : undefined;
  if (input.viewId && !recordedView) throw new Error(`blockAction: no view ${input.viewId} was opened at the fake`);
  if (!recordedView && !(input.channelId && input.messageTs)) {
    throw new Error("blockAction needs channelId and messageTs (a message button) or viewId (a modal element)");
  }
  const channelId = input.channelId;
  if (channelId) workspace.ensureChannel(channelId);
  const message = channelId && input.messageTs && !input.ephemeral ? workspace.findMessage(channelId, input.messageTs) : undefined;
  const blocks = (recordedView ? recordedView.view.blocks : message?.blocks) ?? [];
  const found = findElement(blocks, input.actionId);

  const type = input.type ?? stringField(found?.element, "type") ?? (input.selectedOption ? "static_select" : "button");
  const action: Record<string, unknown> = {
    type,
    action_id: input.actionId,
    block_id: input.blockId ?? found?.blockId ?? "fake_block",
    action_ts: workspace.nextTs(),
  };
  if (type === "button") action.text = found?.element.text ?? { type: "plain_text", text: input.actionId, emoji: true };
  if (input.value !== undefined) action.value = input.value;
  if (input.selectedOption) {
    action.selected_option = {
      text: { type: "plain_text", text: input.selectedOption.text ?? optionText(found?.element, input.selectedOption.value), emoji: true },
      value: input.selectedOption.value,
    };
  }

  const trigger = workspace.issueTrigger(input.userId, "block_actions");
  const responseUrl = workspace.issueResponseUrl({
    kind: "block_actions",
    userId: input.userId,
    channelId,
    messageTs: recordedView ? undefined : input.messageTs,
  });
  const payload: BlockAction = {
    type: "block_actions",
    user: { id: input.userId, username: workspace.userName(input.userId), name: workspace.userName(input.userId), team_id: workspace.teamId },
    api_app_id: workspace.appId,
    token: VERIFICATION_TOKEN,
    container: recordedView
      ? { type: "view", view_id: recordedView.id }
      : { type: "message", message_ts: input.messageTs, channel_id: channelId, is_ephemeral: Boolean(input.ephemeral) },
    trigger_id: trigger.id,
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    is_enterprise_install: false,
    state: { values: {} },
    response_url: responseUrl.url,
    actions: [action as unknown as BlockElementAction],
  };
  if (channelId) payload.channel = { id: channelId, name: workspace.channelName(channelId) };
  if (recordedView) payload.view = recordedView.view as unknown as ViewOutput;
  if (channelId && input.messageTs && !input.ephemeral) {
    payload.message = message ? workspace.messageJson(message) : { type: "message", ts: input.messageTs, text: "" };
  }
  return payload;
}

export function buildViewSubmission(workspace: Workspace, input: ViewSubmissionInput): ViewSubmitAction {
  workspace.ensureUser(input.userId);
  const recordedView = input.viewId ? workspace.views.find((view) => view.id === input.viewId) : undefined;
  if (input.viewId && !recordedView) throw new Error(`viewSubmission: no view ${input.viewId} was opened at the fake`);
  const base: Record<string, unknown> = recordedView
    ? { ...recordedView.view }
    : {
        id: workspace.newId("V"),
        team_id: workspace.teamId,
        type: "modal",
        title: { type: "plain_text", text: "Modal", emoji: true },
        submit: { type: "plain_text", text: "Submit", emoji: true },
        close: null,
        blocks: [],
        callback_id: "",
        private_metadata: "",
        external_id: "",
        hash: `${Math.floor(Date.now() / 1000)}.fake`,
        clear_on_close: false,
        notify_on_close: false,
        previous_view_id: null,
        app_id: workspace.appId,
        app_installed_team_id: workspace.teamId,
        bot_id: workspace.botId,
      };
  base.root_view_id ??= base.id;
  if (input.callbackId !== undefined) base.callback_id = input.callbackId;
  if (input.privateMetadata !== undefined) base.private_metadata = input.privateMetadata;
  if (!base.callback_id) throw new Error("viewSubmission needs a callbackId or the viewId of a view with one");
  base.state = { values: submittedValues(Array.isArray(base.blocks) ? base.blocks : [], input.values ?? {}) };

  const trigger = workspace.issueTrigger(input.userId, "view_submission");
  return {
    type: "view_submission",
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    user: { id: input.userId, name: workspace.userName(input.userId), team_id: workspace.teamId },
    api_app_id: workspace.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: trigger.id,
    view: base as unknown as ViewOutput,
    response_urls: [],
    is_enterprise_install: false,
  };
}

// ---- blocks -------------------------------------------------------------------------------------

interface FoundElement {
  blockId: string | undefined;
  element: Record<string, unknown>;
}

function stringField(object: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === "string" ? value : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Interactive elements live in `elements` (actions/context), `accessory` (section) or `element` (input). */
function elementsOf(block: Record<string, unknown>): Record<string, unknown>[] {
  const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
  return candidates.map(asObject).filter((element): element is Record<string, unknown> => element !== undefined);
}

function findElement(blocks: unknown, actionId: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks.map(asObject)) {
    if (!block) continue;
    const element = elementsOf(block).find((candidate) => candidate.action_id === actionId);
    if (element) return { blockId: stringField(block, "block_id"), element };
  }
  return undefined;
}

function optionText(element: Record<string, unknown> | undefined, value: string): string {
  const groups = Array.isArray(element?.option_groups) ? element.option_groups.map(asObject).flatMap((group) => (Array.isArray(group?.options) ? group.options : [])) : [];
  const options = [...(Array.isArray(element?.options) ? element.options : []), ...groups].map(asObject);
  const option = options.find((candidate) => candidate?.value === value);
  return stringField(asObject(option?.text), "text") ?? value;
}

/** Slack reports every input block of the modal, with nulls for those left empty. */
function submittedValues(blocks: unknown[], values: StateValuesInput): Record<string, Record<string, ViewStateValue>> {
  const state: Record<string, Record<string, ViewStateValue>> = {};
  for (const block of blocks.map(asObject)) {
    const blockId = stringField(block, "block_id");
    const element = asObject(block?.element);
    const actionId = stringField(element, "action_id");
    if (block?.type !== "input" || !blockId || !element || !actionId) continue;
    (state[blockId] ??= {})[actionId] = stateValue(element, values[blockId]?.[actionId]);
  }
  for (const [blockId, byAction] of Object.entries(values)) {
    for (const [actionId, given] of Object.entries(byAction)) {
      const element = findElement(blocks, actionId)?.element ?? { type: "plain_text_input" };
      (state[blockId] ??= {})[actionId] = stateValue(element, given);
    }
  }
  return state;
}

function stateValue(element: Record<string, unknown>, given: string | string[] | ViewStateValue | undefined): ViewStateValue {
  const type = stringField(element, "type") ?? "plain_text_input";
  if (given !== undefined && typeof given === "object" && !Array.isArray(given)) return given;
  const list = given === undefined ? undefined : Array.isArray(given) ? given : [given];
  const single = list?.[0] ?? null;
  const option = (value: string) => ({ text: { type: "plain_text" as const, text: optionText(element, value), emoji: true }, value });
  switch (type) {
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return { type, selected_option: single === null ? null : option(single) };
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return { type, selected_options: (list ?? []).map(option) };
    case "users_select":
      return { type, selected_user: single };
    case "multi_users_select":
      return { type, selected_users: list ?? [] };
    case "conversations_select":
      return { type, selected_conversation: single };
    case "multi_conversations_select":
      return { type, selected_conversations: list ?? [] };
    case "channels_select":
      return { type, selected_channel: single };
    case "multi_channels_select":
      return { type, selected_channels: list ?? [] };
    case "datepicker":
      return { type, selected_date: single };
    case "timepicker":
      return { type, selected_time: single };
    default:
      return { type, value: single };
  }
}

export interface AppHomeOpenedInput {
  userId: string;
  /** "home" unless the user opened the Messages tab. */
  tab?: "home" | "messages";
}

/** The Events API envelope Slack sends when a user opens the app's Home (HTTP body and Socket Mode payload alike). */
export function buildAppHomeOpened(workspace: Workspace, input: AppHomeOpenedInput): Record<string, unknown> {
  workspace.ensureUser(input.userId);
  const published = workspace.homeViewOf(input.userId);
  return buildEventCallback(workspace, {
    type: "app_home_opened",
    user: input.userId,
    channel: workspace.openDirectMessage(input.userId).channel.id,
    tab: input.tab ?? "home",
    ...(published ? { view: published.view } : {}),
  });
}

/**
 * Any Events API delivery of this workspace, such as `{ type: "app_uninstalled" }` (sent when the app
 * is removed from the workspace) or `{ type: "tokens_revoked", tokens: { bot: [botUserId] } }`.
 */
export function buildEventCallback(workspace: Workspace, event: Record<string, unknown> & { type: string }): Record<string, unknown> {
  const now = Date.now() / 1000;
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.teamId,
    api_app_id: workspace.appId,
    type: "event_callback",
    event_id: workspace.newId("Ev"),
    event_time: Math.floor(now),
    authorizations: [{ team_id: workspace.teamId, user_id: workspace.botUserId, is_bot: true, is_enterprise_install: false }],
    event: { event_ts: now.toFixed(6), ...event },
  };
}
