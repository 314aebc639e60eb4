import type { IncomingMessage, ServerResponse } from "node:http";
import { checkPayload, slackMessages } from "./blockKit.ts";
import { readRequestBody } from "./webApi.ts";
import type { IssuedResponseUrl, RecordedMessage, Workspace } from "./state.ts";

/** Slack accepts up to five posts to one response_url. */
const MAX_USES = 5;

/**
 * Serves `POST /response/<id>`, the response_url the fake puts into slash command and interaction
 * payloads. Besides recording the post, it shows it the way Slack would (`showAnswer`).
 */
export async function handleResponseUrlPost(req: IncomingMessage, res: ServerResponse, id: string, workspace: Workspace): Promise<void> {
  const rawBody = await readRequestBody(req);
  const issued = workspace.responseUrls.get(id);
  let body: Record<string, unknown> = {};
  let status = 200;
  let answer: Record<string, unknown> = { ok: true };
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (parsed !== null && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    status = 400;
    answer = { ok: false, error: "invalid_payload" };
  }
  // The one place where response_url posts meet Block Kit's documented limits (blockKit.ts).
  const check = status === 200 ? checkPayload("response_url", body) : undefined;
  if (check && check.problems.length > 0) {
    workspace.contract.record({ platform: "slack", request: "response_url", problems: check.problems.map((p) => `${p.pointer}: ${p.message}`), body });
  }
  if (check?.error) {
    status = 400;
    answer = { ok: false, error: check.error, response_metadata: { messages: slackMessages(check.problems) } };
  } else if (!issued) {
    status = 404;
    answer = { ok: false, error: "expired_url" };
  } else if (status === 200 && issued.uses >= MAX_USES) {
    status = 404;
    answer = { ok: false, error: "used_url" };
  }

  const shown = issued && status === 200 ? showAnswer(workspace, issued, body, "response_url") : fieldsOf(body);
  if (issued && status === 200) issued.uses += 1;

  const post = { url: `${workspace.baseUrl}/response/${id}`, origin: issued?.origin, body, ...shown, httpStatus: status, time: Date.now() };
  workspace.record(workspace.responseUrlPosts, { responseUrlId: id, ...post });
  workspace.record(workspace.answers, { via: "response_url", ...post });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(answer));
}

function fieldsOf(body: Record<string, unknown>) {
  return {
    text: typeof body.text === "string" ? body.text : undefined,
    blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
    responseType: typeof body.response_type === "string" ? body.response_type : undefined,
    replaceOriginal: body.replace_original === true || body.replace_original === "true",
    deleteOriginal: body.delete_original === true || body.delete_original === "true",
  };
}

/**
 * Shows a message payload where the invocation happened, as Slack does with a response_url post or a
 * slash command's immediate response: a message for in_channel, an ephemeral otherwise, and
 * replace_original / delete_original acting on the message whose button was clicked.
 */
function showAnswer(workspace: Workspace, issued: IssuedResponseUrl, body: Record<string, unknown>, via: "response_url" | "acknowledgement"): ReturnType<typeof fieldsOf> {
  const fields = fieldsOf(body);
  const { text, blocks, responseType, replaceOriginal, deleteOriginal } = fields;
  const { origin } = issued;
  const original = origin.channelId && origin.messageTs ? workspace.findMessage(origin.channelId, origin.messageTs) : undefined;
  if (deleteOriginal && original) {
    workspace.deleteMessage(original);
  } else if (replaceOriginal && original) {
    workspace.replaceMessage(original, { text: text ?? original.text, blocks: blocks ?? original.blocks });
  } else if (responseType === "in_channel" && origin.channelId) {
    const message: RecordedMessage = {
      channel: origin.channelId,
      ts: workspace.nextTs(),
      threadTs: typeof body.thread_ts === "string" ? body.thread_ts : undefined,
      text,
      blocks,
      attachments: Array.isArray(body.attachments) ? body.attachments : undefined,
      metadata: undefined,
      user: workspace.botUserId,
      postedVia: via,
      postedAt: Date.now(),
      updatedAt: undefined,
      history: [],
      deletedAt: undefined,
    };
    workspace.addMessage(message);
  } else if (origin.channelId && !replaceOriginal && !deleteOriginal) {
    workspace.record(workspace.ephemerals, { channel: origin.channelId, user: origin.userId, text, blocks, threadTs: undefined, messageTs: workspace.nextTs(), via, time: Date.now() });
  }
  return fields;
}

/**
 * A slash command's acknowledgement that carries a message (Slack's "immediate response"): shown like
 * a response_url post, checked against the same limits, without using up one of the URL's five posts.
 */
export function showImmediateResponse(workspace: Workspace, responseUrl: string, ack: unknown): void {
  if (ack === null || typeof ack !== "object") return;
  const body = ack as Record<string, unknown>;
  if (body.text === undefined && body.blocks === undefined) return;
  const id = /\/response\/(.+)$/.exec(responseUrl)?.[1];
  const issued = id ? workspace.responseUrls.get(id) : undefined;
  const check = checkPayload("response_url", body);
  if (check.problems.length > 0) {
    workspace.contract.record({ platform: "slack", request: "slash command acknowledgement", problems: check.problems.map((p) => `${p.pointer}: ${p.message}`), body });
  }
  const shown = issued && !check.error ? showAnswer(workspace, issued, body, "acknowledgement") : fieldsOf(body);
  workspace.record(workspace.answers, { via: "acknowledgement", url: responseUrl, origin: issued?.origin, body, ...shown, httpStatus: check.error ? 400 : 200, time: Date.now() });
}
