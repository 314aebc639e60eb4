import type { Caller } from "../access/actor.ts";
import { authorize } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, type Result } from "../shared/result.ts";
import { TOR_SUBJECT } from "./amendTermsOfReference.ts";

export interface TermsVersion {
  version: number;
  text: string;
  pollId: number;
  decision: string | null;
  adoptedAt: Date;
}

export interface TermsOfReferenceView {
  /** The version in force, or null while the Terms adopted at the group's establishment stand unamended. */
  current: TermsVersion | null;
  /** Every adopted amendment, oldest first. */
  versions: TermsVersion[];
}

/** The Terms of Reference in force and the amendments that led to them. */
export async function showTermsOfReference(deps: Deps, caller: Caller): Promise<Result<TermsOfReferenceView>> {
  return deps.store.transaction(async (tx) => {
    const asker = await authorize(tx, caller, "tor show");
    if (!asker.ok) return asker;
    const versions = (await tx.audit.forSubject(caller.groupId, TOR_SUBJECT))
      .filter((e) => e.action === "tor.amended")
      .map((e): TermsVersion => {
        const details = e.details ?? {};
        return {
          version: Number(details["version"]),
          text: String(details["text"] ?? ""),
          pollId: Number(details["pollId"]),
          decision: (details["decision"] as string | null) ?? null,
          adoptedAt: e.at,
        };
      });
    return ok({ current: versions.at(-1) ?? null, versions });
  });
}
