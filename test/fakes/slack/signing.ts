import { createHmac } from "node:crypto";
import { request, type IncomingHttpHeaders } from "node:http";

/** `v0=` + hex HMAC-SHA256 over `v0:<timestamp>:<raw body>`, Slack's request signature. */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return "v0=" + createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex");
}

export interface SignedDeliveryOptions {
  /** Unix seconds for X-Slack-Request-Timestamp (the signature follows it); now when omitted. */
  timestamp?: number;
  /** Added to the timestamp, e.g. -301 for a request just outside Bolt's 5-minute window. */
  timestampOffsetSeconds?: number;
  /** Sign with this secret instead of the workspace's. */
  signingSecret?: string;
  /** Flip the signature's last hex digit after signing. */
  corruptSignature?: boolean;
  /** Send no X-Slack-Signature header at all. */
  omitSignature?: boolean;
  /** Slack's redelivery headers. */
  retryNum?: number;
  retryReason?: string;
  /** Give up on the app after this many ms (default 10 000); Slack itself gives up after 3 s. */
  timeoutMs?: number;
}

export interface HttpDelivery {
  status: number;
  /** The raw response body: empty for a bare ack(), the ack's JSON otherwise. */
  body: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  headers: IncomingHttpHeaders;
  /** From sending the request to the end of the response: compare with Slack's 3 s ack window. */
  elapsedMs: number;
}

/** POSTs like Slack's delivery service: exact content type (Bolt compares it verbatim), signature, no keep-alive. */
export function postSigned(
  url: string,
  rawBody: string,
  contentType: "application/x-www-form-urlencoded" | "application/json",
  signingSecret: string,
  options: SignedDeliveryOptions = {},
): Promise<HttpDelivery> {
  const timestamp = (options.timestamp ?? Math.floor(Date.now() / 1000)) + (options.timestampOffsetSeconds ?? 0);
  let signature = slackSignature(options.signingSecret ?? signingSecret, timestamp, rawBody);
  if (options.corruptSignature) signature = signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Content-Length": String(Buffer.byteLength(rawBody)),
    "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    Accept: "application/json,*/*",
    "X-Slack-Request-Timestamp": String(timestamp),
  };
  if (!options.omitSignature) headers["X-Slack-Signature"] = signature;
  if (options.retryNum !== undefined) headers["X-Slack-Retry-Num"] = String(options.retryNum);
  if (options.retryReason !== undefined) headers["X-Slack-Retry-Reason"] = options.retryReason;

  const startedAt = performance.now();
  return new Promise<HttpDelivery>((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false, timeout: options.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = body === "" ? undefined : JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, json, headers: res.headers, elapsedMs: performance.now() - startedAt });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`the app did not answer ${url} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    req.end(rawBody);
  });
}
