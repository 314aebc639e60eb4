// Undoing a link: a person unlinks one of their accounts, or the Secretariat unlinks one for them.
import { identify, type Caller } from "../access/actor.ts";
import { decide } from "../access/permissions.ts";
import type { Deps } from "../deps.ts";
import { ok, refuse, type Result } from "../shared/result.ts";
import type { Identity, Person, Platform } from "./person.ts";
import { findUser, type UserRef } from "./userRef.ts";

export async function unlinkAccount(deps: Deps, caller: Caller, input: { platform: Platform; user?: UserRef | undefined }): Promise<Result<{ person: Person; identity: Identity }>> {
  return deps.store.transaction(async (tx) => {
    const asker = await identify(tx, caller);
    const subject = input.user ? await findUser(tx, caller.groupId, input.user) : asker;
    const actor = decide(asker, "delegate unlink", { subject });
    if (!actor.ok) return actor;
    if (!subject) return refuse({ reason: "person_not_found", handle: input.user?.handle ?? "you" });
    const identities = await tx.people.identities(subject.id);
    const identity = identities.find((i) => i.platform === input.platform);
    if (!identity) return refuse({ reason: "identity_not_linked", handle: subject.handle, platform: input.platform });
    // Nobody locks themselves out; the Secretariat may leave a person with no account (to free it for its owner).
    if (actor.value.id === subject.id && identities.length === 1) return refuse({ reason: "last_identity", platform: input.platform });
    await tx.people.unlink(subject.id, identity);
    await tx.audit.append({ groupId: caller.groupId, at: deps.clock.now(), actorId: actor.value.id, action: "identity.unlinked", subject: `person:${subject.handle}`, details: { ...identity } });
    return ok({ person: subject, identity });
  });
}
