// Discord signs every request it POSTs to the interactions endpoint with the application's Ed25519 key:
// X-Signature-Ed25519 is the signature of X-Signature-Timestamp followed by the raw body, checked here
// with the Public Key from the Developer Portal. Node's crypto does Ed25519, so no package is needed.
import { createPublicKey, verify, type KeyObject } from "node:crypto";

/**
 * How far a request's timestamp may be from our clock. Discord signs as it sends and gives up after
 * 3 s, so an older request is a replay (or a clock far off, which NTP fixes); it is also how long the
 * signatures already taken must be remembered (httpInteractions.ts), since older ones are refused here.
 */
export const SIGNATURE_MAX_AGE_S = 300;

/** The DER header of an Ed25519 public key (SubjectPublicKeyInfo), before its 32 raw bytes. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]), format: "der", type: "spki" });
}

export type SignatureCheck = { ok: true; signature: string; timestamp: number } | { ok: false; reason: string };

/** Whether the request is Discord's and recent; `nowS` is our clock in seconds. */
export function checkSignature(key: KeyObject, headers: { signature: string | undefined; timestamp: string | undefined }, body: Buffer, nowS: number): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: "the request is not signed (X-Signature-Ed25519 and X-Signature-Timestamp)" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "the signature's timestamp is not a time" };
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, reason: "the signature is not an Ed25519 signature" };
  const at = Number(timestamp);
  if (Math.abs(nowS - at) > SIGNATURE_MAX_AGE_S) return { ok: false, reason: `the signature's timestamp is more than ${SIGNATURE_MAX_AGE_S} s from now` };
  const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
  if (!verify(null, signed, key, Buffer.from(signature, "hex"))) return { ok: false, reason: "the signature does not match the application's public key" };
  return { ok: true, signature: signature.toLowerCase(), timestamp: at };
}
