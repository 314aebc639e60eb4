// One-time codes that prove something across platforms (an account: /delegate link; a workspace:
// /group code): short enough to type, random enough not to be guessed in their few minutes, and
// stored only as a hash, so that the database alone never gives a usable code.
import { createHash, randomInt } from "node:crypto";

/** A code lives ten minutes: long enough to switch apps, too short to guess (see CODE_LENGTH). */
export const ONE_TIME_CODE_MS = 10 * 60_000;
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** 31^8 ≈ 8.5·10^11 codes; a guesser would need ~10^11 tries inside one code's ten minutes. */
const CODE_LENGTH = 8;

/** A new code, raw (ABCDEFGH); shown as ABCD-EFGH. */
export const newCode = (): string => Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");

export const shownCode = (raw: string): string => `${raw.slice(0, 4)}-${raw.slice(4)}`;

/** The code as a user may type it back: case, spaces and dashes do not matter. */
const normalise = (code: string): string => code.toUpperCase().replace(/[\s-]/g, "");

/** The stored hash; `scope` keeps codes of different kinds (and groups) apart. */
export const codeHash = (scope: string, code: string): string => createHash("sha256").update(`${scope}:${normalise(code)}`).digest("hex");
