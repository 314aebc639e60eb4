import type { Deps } from "../deps.ts";
import { pollCardIn, pollCardModel } from "../polls/pollCard.ts";
import type { Tx } from "../store.ts";
import type { Card, CardRef } from "./card.ts";

/** The card an outbox message refers to, drawn from the live state when it is sent; null when its subject is gone. */
export async function drawCard(deps: Deps, ref: Pick<CardRef, "kind" | "id">): Promise<Card | null> {
  return deps.store.transaction((tx) => drawCardIn(tx, ref));
}

/** The same, in a transaction of the caller's. */
export async function drawCardIn(tx: Tx, ref: Pick<CardRef, "kind" | "id">): Promise<Card | null> {
  switch (ref.kind) {
    case "poll": {
      const card = await pollCardIn(tx, ref.id);
      return card ? pollCardModel(card) : null;
    }
  }
}
