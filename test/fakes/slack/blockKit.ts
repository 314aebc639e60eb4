// The fake Slack's Block Kit checks. Slack publishes no machine-readable schema for Block Kit, only
// its reference pages, so these checks are written from the documented limits; each limit names the
// page it comes from (docs.slack.dev/reference/…). Objects are strict: a key Slack does not document
// for that object is refused, as a typo would be. A block or element type the fake does not know yet
// is refused too, with a message saying where to add it, so nothing reaches a test unchecked.
//
// The Web API (webApi.ts) and the response_url endpoint (responseUrls.ts) call `checkPayload` before
// they act on a request; a payload that does not fit is answered with Slack's error and recorded, so
// the test that sent it fails even if the bot swallows the error.
import { z } from "zod";

const DOCS = "https://docs.slack.dev/reference";

/** Text objects: `plain_text` or `mrkdwn`, text 1–3000 characters; `emoji` only on plain_text, `verbatim` only on mrkdwn. (block-kit/composition-objects/text-object) */
const TEXT_MAX = 3000;
const plainText = (max = TEXT_MAX) =>
  z.strictObject({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwnText = (max = TEXT_MAX) =>
  z.strictObject({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max), verbatim: z.boolean().optional() });
const anyText = (max = TEXT_MAX) => z.discriminatedUnion("type", [plainText(max), mrkdwnText(max)]);

/** block_id: at most 255 characters. (block-kit/blocks, every block's block_id) */
const blockId = z.string().min(1).max(255).optional();
/** action_id: at most 255 characters. (block-kit/block-elements/button-element, plain-text-input-element, select-menu-element) */
const actionId = z.string().min(1).max(255).optional();

/** Confirmation dialog: plain_text title ≤ 100, text ≤ 300, confirm ≤ 30, deny ≤ 30. (block-kit/composition-objects/confirmation-dialog-object) */
const confirm = z.strictObject({
  title: plainText(100),
  text: plainText(300),
  confirm: plainText(30),
  deny: plainText(30),
  style: z.enum(["primary", "danger"]).optional(),
});

/** Option: text ≤ 75 (plain_text in select and overflow menus), value ≤ 150, description ≤ 75, url ≤ 3000 (overflow only). (block-kit/composition-objects/option-object) */
const option = z.strictObject({
  text: plainText(75),
  value: z.string().min(1).max(150),
  description: plainText(75).optional(),
});

/** Button: plain_text text ≤ 75, action_id ≤ 255, url ≤ 3000, value ≤ 2000, style primary|danger, accessibility_label ≤ 75. (block-kit/block-elements/button-element) */
const button = z.strictObject({
  type: z.literal("button"),
  text: plainText(75),
  action_id: actionId,
  url: z.string().min(1).max(3000).optional(),
  value: z.string().max(2000).optional(),
  style: z.enum(["primary", "danger"]).optional(),
  confirm: confirm.optional(),
  accessibility_label: z.string().min(1).max(75).optional(),
});

/** Static select: options ≤ 100 (or option_groups ≤ 100), placeholder plain_text ≤ 150, action_id ≤ 255. (block-kit/block-elements/select-menu-element) */
const staticSelect = z
  .strictObject({
    type: z.literal("static_select"),
    action_id: actionId,
    options: z.array(option).min(1).max(100).optional(),
    option_groups: z.array(z.strictObject({ label: plainText(75), options: z.array(option).min(1).max(100) })).min(1).max(100).optional(),
    initial_option: option.optional(),
    confirm: confirm.optional(),
    focus_on_load: z.boolean().optional(),
    placeholder: plainText(150).optional(),
  })
  .refine((select) => (select.options === undefined) !== (select.option_groups === undefined), "give options or option_groups, not both and not neither");

/** Plain-text input: action_id ≤ 255, min_length 0–3000, max_length 1–3000, placeholder plain_text ≤ 150. (block-kit/block-elements/plain-text-input-element) */
const plainTextInput = z.strictObject({
  type: z.literal("plain_text_input"),
  action_id: actionId,
  initial_value: z.string().optional(),
  multiline: z.boolean().optional(),
  min_length: z.int().min(0).max(3000).optional(),
  max_length: z.int().min(1).max(3000).optional(),
  dispatch_action_config: z.strictObject({ trigger_actions_on: z.array(z.enum(["on_enter_pressed", "on_character_entered"])).optional() }).optional(),
  focus_on_load: z.boolean().optional(),
  placeholder: plainText(150).optional(),
});

const interactive = z.discriminatedUnion("type", [button, staticSelect]);

/** Section: text ≤ 3000, or fields (≤ 10, each ≤ 2000), one accessory. (block-kit/blocks/section-block) */
const section = z
  .strictObject({
    type: z.literal("section"),
    block_id: blockId,
    text: anyText(3000).optional(),
    fields: z.array(anyText(2000)).min(1).max(10).optional(),
    accessory: interactive.optional(),
    expand: z.boolean().optional(),
  })
  .refine((block) => block.text !== undefined || block.fields !== undefined, "a section needs text or fields");

/** Header: plain_text ≤ 150. (block-kit/blocks/header-block) */
const header = z.strictObject({ type: z.literal("header"), block_id: blockId, text: plainText(150) });

/** Context: 1–10 elements, images and text objects (the fake knows text objects). (block-kit/blocks/context-block) */
const context = z.strictObject({ type: z.literal("context"), block_id: blockId, elements: z.array(anyText()).min(1).max(10) });

/** Actions: 1–25 interactive elements. (block-kit/blocks/actions-block) */
const actions = z.strictObject({ type: z.literal("actions"), block_id: blockId, elements: z.array(interactive).min(1).max(25) });

const divider = z.strictObject({ type: z.literal("divider"), block_id: blockId });

/** Input: plain_text label ≤ 2000, plain_text hint ≤ 2000, one element. (block-kit/blocks/input-block) */
const input = z.strictObject({
  type: z.literal("input"),
  block_id: blockId,
  label: plainText(2000),
  element: z.discriminatedUnion("type", [plainTextInput, staticSelect]),
  hint: plainText(2000).optional(),
  optional: z.boolean().optional(),
  dispatch_action: z.boolean().optional(),
});

const KNOWN_BLOCKS = ["section", "header", "context", "actions", "divider", "input"] as const;
const block = z.discriminatedUnion("type", [section, header, context, actions, divider, input]);

/** At most 50 blocks in a message, 100 in a modal or a Home tab. (block-kit/blocks; views/modal-views; views/home-tab-views) */
export const MESSAGE_BLOCKS_MAX = 50;
export const VIEW_BLOCKS_MAX = 100;
const blocks = (max: number) => z.array(block).max(max);

/** Modal view: plain_text title ≤ 24, close ≤ 24, submit ≤ 24 (needed with an input block), ≤ 100 blocks, private_metadata ≤ 3000, callback_id ≤ 255. (views/modal-views) */
const modal = z
  .strictObject({
    type: z.literal("modal"),
    title: plainText(24),
    blocks: blocks(VIEW_BLOCKS_MAX),
    close: plainText(24).optional(),
    submit: plainText(24).optional(),
    private_metadata: z.string().max(3000).optional(),
    callback_id: z.string().max(255).optional(),
    clear_on_close: z.boolean().optional(),
    notify_on_close: z.boolean().optional(),
    external_id: z.string().min(1).optional(),
    submit_disabled: z.boolean().optional(),
  })
  .refine((view) => view.submit !== undefined || !view.blocks.some((b) => b.type === "input"), { message: "a modal with an input block needs submit", path: ["submit"] });

/** Home tab view: ≤ 100 blocks, private_metadata ≤ 3000, callback_id ≤ 255. (views/home-tab-views) */
const home = z.strictObject({
  type: z.literal("home"),
  blocks: blocks(VIEW_BLOCKS_MAX),
  private_metadata: z.string().max(3000).optional(),
  callback_id: z.string().max(255).optional(),
  external_id: z.string().min(1).optional(),
});

/**
 * A message's `text` is cut at 40,000 characters: Slack still posts it, with a `message_truncated`
 * warning, for chat.postMessage, chat.postEphemeral and response_urls alike
 * (https://api.slack.com/changelog/2018-04-truncating-really-long-messages). The bot would lose what
 * it meant to say, so the fake counts it as a violation too.
 */
export const MESSAGE_TEXT_MAX = 40_000;

export interface PayloadProblem {
  /** JSON pointer into the arguments, as Slack reports it: `/blocks/0/text/text`. */
  pointer: string;
  message: string;
}

export interface PayloadCheck {
  problems: PayloadProblem[];
  /** What Slack answers: invalid_blocks for messages, invalid_arguments for views; a truncation is a warning. */
  error: "invalid_blocks" | "invalid_arguments" | null;
  truncated: boolean;
}

/**
 * Checks the Block Kit (and text length) of a Web API call or a response_url post. `surface` is the
 * method, or "response_url". Calls that carry no Block Kit pass.
 */
export function checkPayload(surface: string, args: Record<string, unknown>): PayloadCheck {
  switch (surface) {
    case "chat.postMessage":
    case "chat.postEphemeral":
    case "chat.update":
    case "response_url":
      return messageCheck(args);
    case "views.open":
    case "views.push":
    case "views.update":
      return viewCheck(args.view, modal);
    case "views.publish":
      return viewCheck(args.view, home);
    default:
      return { problems: [], error: null, truncated: false };
  }
}

function messageCheck(args: Record<string, unknown>): PayloadCheck {
  const problems: PayloadProblem[] = [];
  if (args.blocks !== undefined && args.blocks !== "") {
    problems.push(...problemsOf(blocks(MESSAGE_BLOCKS_MAX), args.blocks, "/blocks"));
    problems.push(...duplicateIds(args.blocks, "/blocks"));
  }
  if (problems.length > 0) return { problems, error: "invalid_blocks", truncated: false };
  const text = typeof args.text === "string" ? args.text : "";
  if (text.length > MESSAGE_TEXT_MAX) {
    return { problems: [{ pointer: "/text", message: `is ${text.length} characters; Slack truncates text past ${MESSAGE_TEXT_MAX}` }], error: null, truncated: true };
  }
  return { problems: [], error: null, truncated: false };
}

function viewCheck(view: unknown, schema: z.ZodType): PayloadCheck {
  const problems = [...problemsOf(schema, view, "/view")];
  const viewBlocks = typeof view === "object" && view !== null ? (view as { blocks?: unknown }).blocks : undefined;
  if (problems.length === 0 && viewBlocks !== undefined) problems.push(...duplicateIds(viewBlocks, "/view/blocks"));
  return { problems, error: problems.length > 0 ? "invalid_arguments" : null, truncated: false };
}

function problemsOf(schema: z.ZodType, value: unknown, base: string): PayloadProblem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ pointer: `${base}${issue.path.map((key) => `/${String(key)}`).join("")}`, message: messageOf(issue, value, issue.path) }));
}

/** Names an unknown block or element type as the fake's gap, not Slack's refusal, so a reader knows to add it here. */
function messageOf(issue: z.core.$ZodIssue, root: unknown, path: readonly PropertyKey[]): string {
  if (issue.code === "invalid_union" && "note" in issue && issue.note === "No matching discriminator") {
    // zod points at the discriminator itself: [index, "type"] for a block, deeper for an element.
    const typePath = path.at(-1) === "type" ? path : [...path, "type"];
    const type = valueAt(root, typePath);
    const known = typePath.length === 2 && KNOWN_BLOCKS.includes(type as (typeof KNOWN_BLOCKS)[number]);
    return known
      ? issue.message
      : `type ${JSON.stringify(type)} is not one the fake checks here; if Slack allows it, add its documented limits (${DOCS}/block-kit) to test/fakes/slack/blockKit.ts`;
  }
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

/**
 * block_id "should be unique for each message" (block-kit/blocks), and an action_id "should be unique
 * among all other action_ids in the containing block" (block-kit/block-elements/button-element).
 */
function duplicateIds(list: unknown, base: string): PayloadProblem[] {
  if (!Array.isArray(list)) return [];
  const problems: PayloadProblem[] = [];
  const blockIds = new Set<string>();
  list.forEach((entry, index) => {
    const b = entry as { block_id?: unknown; elements?: unknown };
    if (typeof b.block_id === "string") {
      if (blockIds.has(b.block_id)) problems.push({ pointer: `${base}/${index}/block_id`, message: `duplicate block_id ${JSON.stringify(b.block_id)}` });
      blockIds.add(b.block_id);
    }
    const actionIds = new Set<string>();
    (Array.isArray(b.elements) ? b.elements : []).forEach((element: { action_id?: unknown }, at) => {
      if (typeof element.action_id !== "string") return;
      if (actionIds.has(element.action_id)) problems.push({ pointer: `${base}/${index}/elements/${at}/action_id`, message: `duplicate action_id ${JSON.stringify(element.action_id)} in one block` });
      actionIds.add(element.action_id);
    });
  });
  return problems;
}

/** Slack's own wording of such problems, as it returns them in `response_metadata.messages`. */
export function slackMessages(problems: readonly PayloadProblem[]): string[] {
  return problems.map((problem) => `[ERROR] ${problem.message} [json-pointer:${problem.pointer}]`);
}
