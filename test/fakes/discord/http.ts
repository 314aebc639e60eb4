// Discord's HTTP wire format as the fake speaks it: reading JSON and multipart bodies, Discord-shaped
// error bodies, and the rate-limit headers @discordjs/rest steers by.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import type { FaultSpec } from "./faults.ts";
import type { RecordedFile } from "./world.ts";

export interface Reply {
  status: number;
  body?: unknown;
}

export function requiredField() {
  return { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "This field is required" }] };
}

export function discordError(status: number, code: number, message: string, errors?: unknown): Reply {
  return { status, body: { message, code, ...(errors ? { errors } : {}) } };
}

export function invalidForm(errors: unknown): Reply {
  return discordError(400, 50035, "Invalid Form Body", errors);
}

export const unknownChannel = () => discordError(404, 10003, "Unknown Channel");
export const unknownMessage = () => discordError(404, 10008, "Unknown Message");
export const unknownInteraction = () => discordError(404, 10062, "Unknown interaction");

/** Discord buckets are opaque hashes; one per route template is close enough for @discordjs/rest. */
function bucketHash(routeKey: string): string {
  return createHash("sha1").update(routeKey).digest("hex").slice(0, 32);
}

/** Generous, never-exhausted bucket headers: enough for @discordjs/rest to track buckets normally. */
export function successRateLimitHeaders(routeKey: string): Record<string, string> {
  const resetAfterSeconds = 1;
  return {
    "x-ratelimit-limit": "50",
    "x-ratelimit-remaining": "49",
    "x-ratelimit-reset": ((Date.now() + resetAfterSeconds * 1000) / 1000).toFixed(3),
    "x-ratelimit-reset-after": resetAfterSeconds.toFixed(3),
    "x-ratelimit-bucket": bucketHash(routeKey),
  };
}

export function faultReply(fault: FaultSpec, routeKey: string): { reply: Reply; headers: Record<string, string> } {
  if (fault.status !== 429) {
    const body = fault.body ?? { message: `${fault.status}: ${statusText(fault.status)}`, code: 0 };
    return { reply: { status: fault.status, body }, headers: {} };
  }
  const retryAfter = fault.retryAfter ?? 1;
  const body = fault.body ?? { message: "You are being rate limited.", retry_after: retryAfter, global: Boolean(fault.global) };
  // Discord's retry-after header is whole seconds; fractions are kept here so tests can wait briefly,
  // and @discordjs/rest multiplies whatever number it gets by 1000.
  if (fault.global) {
    return {
      reply: { status: 429, body },
      headers: { "retry-after": String(retryAfter), "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
    };
  }
  return {
    reply: { status: 429, body },
    headers: {
      "retry-after": String(retryAfter),
      "x-ratelimit-limit": "50",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      "x-ratelimit-reset-after": retryAfter.toFixed(3),
      "x-ratelimit-bucket": bucketHash(routeKey),
      "x-ratelimit-scope": fault.scope ?? "user",
    },
  };
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return texts[status] ?? "Error";
}

export function writeReply(response: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status).end();
    return;
  }
  const json = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

export function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  invalidJson: boolean;
}

/** JSON bodies, or multipart bodies (files + `payload_json`) as @discordjs/rest sends uploads. */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [], invalidJson: false };
  try {
    if (contentType?.startsWith("multipart/form-data")) {
      const form = await new Request("http://fake.invalid/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: raw,
      }).formData();
      let body: unknown;
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === "string") {
          if (field === "payload_json") body = JSON.parse(value);
        } else {
          files.push({ field, filename: value.name, size: value.size, contentType: value.type || null });
        }
      }
      return { body, files, invalidJson: false };
    }
    return { body: JSON.parse(raw.toString("utf8")), files: [], invalidJson: false };
  } catch {
    return { body: raw.toString("utf8"), files: [], invalidJson: true };
  }
}
