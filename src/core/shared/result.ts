import type { Refusal } from "./refusals.ts";

/** Expected refusals are values; only bugs and infrastructure failures throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Result<T> => ({ ok: false, refusal });
