import type { BlockAction, SlashCommand, ViewSubmitAction } from "@slack/bolt";
import {
  buildAppHomeOpened,
  buildEventCallback,
  buildBlockAction,
  buildSlashCommand,
  buildViewSubmission,
  type AppHomeOpenedInput,
  type BlockActionInput,
  type SlashCommandInput,
  type ViewSubmissionInput,
} from "./payloads.ts";
import { showImmediateResponse } from "./responseUrls.ts";
import { postSigned, type HttpDelivery, type SignedDeliveryOptions } from "./signing.ts";
import type { Workspace } from "./state.ts";

export interface HttpDeliveryResult<P> extends HttpDelivery {
  /** What was sent, e.g. to read the trigger_id or response_url the app received. */
  payload: P;
}

/**
 * Plays Slack's side of HTTP mode: builds a payload and POSTs it, signed, to the app's request URL.
 * `appUrl` is the full URL (`http://127.0.0.1:<port>/slack/events`); a bare origin gets Bolt's default path.
 */
export class HttpDriver {
  constructor(
    private readonly workspace: Workspace,
    private readonly signingSecret: string,
  ) {}

  async slashCommand(appUrl: string, input: SlashCommandInput, options?: SignedDeliveryOptions): Promise<HttpDeliveryResult<SlashCommand>> {
    const payload = buildSlashCommand(this.workspace, input);
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) if (value !== undefined) form.set(key, String(value));
    const delivery = await this.postForm(appUrl, form.toString(), options);
    // An acknowledgement with a message is the command's immediate response, which Slack shows.
    if (delivery.status === 200) showImmediateResponse(this.workspace, payload.response_url, delivery.json);
    return { ...delivery, payload };
  }

  async blockAction(appUrl: string, input: BlockActionInput, options?: SignedDeliveryOptions): Promise<HttpDeliveryResult<BlockAction>> {
    const payload = buildBlockAction(this.workspace, input);
    return { ...(await this.postInteraction(appUrl, payload, options)), payload };
  }

  /** What a press sends, without sending it: to deliver it with postInteraction, and redeliver it as Slack's retries do. */
  blockActionPayload(input: BlockActionInput): BlockAction {
    return buildBlockAction(this.workspace, input);
  }

  async viewSubmission(appUrl: string, input: ViewSubmissionInput, options?: SignedDeliveryOptions): Promise<HttpDeliveryResult<ViewSubmitAction>> {
    const payload = buildViewSubmission(this.workspace, input);
    return { ...(await this.postInteraction(appUrl, payload, options)), payload };
  }

  /** The user opens the app's Home: an `app_home_opened` event, delivered as Events API JSON. */
  async appHomeOpened(appUrl: string, input: AppHomeOpenedInput, options?: SignedDeliveryOptions): Promise<HttpDeliveryResult<Record<string, unknown>>> {
    const payload = buildAppHomeOpened(this.workspace, input);
    return { ...(await this.postJson(appUrl, payload, options)), payload };
  }

  /** Any other event of this workspace, such as app_uninstalled or tokens_revoked (buildEventCallback). */
  async event(appUrl: string, event: Record<string, unknown> & { type: string }, options?: SignedDeliveryOptions): Promise<HttpDeliveryResult<Record<string, unknown>>> {
    const payload = buildEventCallback(this.workspace, event);
    return { ...(await this.postJson(appUrl, payload, options)), payload };
  }

  /** Interactions travel as a form with a single `payload` field holding JSON. */
  postInteraction(appUrl: string, payload: object, options?: SignedDeliveryOptions): Promise<HttpDelivery> {
    return this.postForm(appUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
  }

  postForm(appUrl: string, rawBody: string, options?: SignedDeliveryOptions): Promise<HttpDelivery> {
    return postSigned(requestUrl(appUrl), rawBody, "application/x-www-form-urlencoded", this.signingSecret, options);
  }

  /** Events API deliveries are JSON, e.g. `{ type: "event_callback", event: {...} }`. */
  postJson(appUrl: string, body: object, options?: SignedDeliveryOptions): Promise<HttpDelivery> {
    return postSigned(requestUrl(appUrl), JSON.stringify(body), "application/json", this.signingSecret, options);
  }
}

function requestUrl(appUrl: string): string {
  const url = new URL(appUrl);
  if (url.pathname === "/") url.pathname = "/slack/events";
  return url.toString();
}
