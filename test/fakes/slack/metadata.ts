// Message metadata as Slack documents it (docs.slack.dev/messaging/message-metadata, "Defining
// metadata"; the `metadata` argument of chat.postMessage, "JSON object with event_type and
// event_payload fields, presented as a URL-encoded string"):
//   - `event_type`: a string of letters, numbers, underscores and hyphens, no periods or other
//     punctuation. An invalid one "returns an invalid_metadata_schema warning and is ignored": the
//     message is posted without its metadata.
//   - `event_payload`: a JSON object with the event's fields. The SDK's MessageMetadata type
//     (@slack/types, message-metadata.d.ts) narrows its values to strings, numbers, booleans, objects of
//     those, and arrays of such objects.
// What does not parse as a JSON object, or carries no object payload, is refused (invalid_metadata_format).
// Anything outside the documented shape is also recorded as a contract problem, so a test fails on it.

export interface MetadataCheck {
  /** What the message keeps: undefined when none was sent or it was ignored. */
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  /** A refusal of the whole call. */
  error?: string;
  /** A warning of a call that went through without its metadata. */
  warning?: string;
  problems: { pointer: string; message: string }[];
}

const EVENT_TYPE = /^[A-Za-z0-9_-]+$/;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const isScalar = (value: unknown): boolean => typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
const isFlatObject = (value: unknown): boolean => isObject(value) && Object.values(value).every(isScalar);

/** `raw` is the decoded `metadata` argument: an object when it was JSON, the string itself when it was not. */
export function checkMetadata(raw: unknown): MetadataCheck {
  if (raw === undefined || raw === "") return { metadata: undefined, problems: [] };
  if (!isObject(raw)) {
    return { metadata: undefined, error: "invalid_metadata_format", problems: [{ pointer: "/metadata", message: "metadata must be a JSON object with event_type and event_payload" }] };
  }
  const problems: MetadataCheck["problems"] = [];
  for (const key of Object.keys(raw)) {
    if (key !== "event_type" && key !== "event_payload") problems.push({ pointer: `/metadata/${key}`, message: `metadata has no field "${key}" (event_type and event_payload only)` });
  }
  const payload = raw.event_payload;
  if (!isObject(payload)) {
    problems.push({ pointer: "/metadata/event_payload", message: "event_payload must be a JSON object" });
    return { metadata: undefined, error: "invalid_metadata_format", problems };
  }
  for (const [key, value] of Object.entries(payload)) {
    const fits = isScalar(value) || isFlatObject(value) || (Array.isArray(value) && value.every(isFlatObject));
    if (!fits) problems.push({ pointer: `/metadata/event_payload/${key}`, message: "a payload value is a string, number, boolean, an object of those or an array of such objects" });
  }
  const eventType = raw.event_type;
  if (typeof eventType !== "string" || !EVENT_TYPE.test(eventType)) {
    problems.push({ pointer: "/metadata/event_type", message: "event_type may contain letters, numbers, underscores and hyphens only" });
    return { metadata: undefined, warning: "invalid_metadata_schema", problems };
  }
  return { metadata: { event_type: eventType, event_payload: payload }, problems };
}
