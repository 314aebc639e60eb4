import type { IncomingMessage, ServerResponse } from "node:http";
import { checkPayload, slackMessages } from "./blockKit.ts";
import { readRequestBody } from "./webApi.ts";
import type { RecordedMessage, Workspace } from "./state.ts";

/** Slack accepts up to five posts to one response_url. */
const MAX_USES = 5;

/**
 * Serves `POST /response/<id>`, the response_url the fake puts into slash command and interaction payloads.
 * Besides recording the post, it applies it the way Slack would: a message for in_channel, an ephemeral
 * otherwise, and replace_original / delete_original acting on the message whose button was clicked.
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

  const text = typeof body.text === "string" ? body.text : undefined;
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  const responseType = typeof body.response_type === "string" ? body.response_type : undefined;
  const replaceOriginal = body.replace_original === true || body.replace_original === "true";
  const deleteOriginal = body.delete_original === true || body.delete_original === "true";

  if (issued && status === 200) {
    issued.uses += 1;
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
        postedVia: "response_url",
        postedAt: Date.now(),
        updatedAt: undefined,
        history: [],
        deletedAt: undefined,
      };
      workspace.addMessage(message);
    } else if (origin.channelId && !replaceOriginal && !deleteOriginal) {
      workspace.record(workspace.ephemerals, {
        channel: origin.channelId,
        user: origin.userId,
        text,
        blocks,
        threadTs: undefined,
        messageTs: workspace.nextTs(),
        via: "response_url",
        time: Date.now(),
      });
    }
  }

  workspace.record(workspace.responseUrlPosts, {
    responseUrlId: id,
    url: `${workspace.baseUrl}/response/${id}`,
    origin: issued?.origin,
    body,
    responseType,
    replaceOriginal,
    deleteOriginal,
    text,
    blocks,
    httpStatus: status,
    time: Date.now(),
  });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(answer));
}
