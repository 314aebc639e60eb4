import type { Deps } from "../deps.ts";
import { pollCard, pollCardModel } from "../polls/pollCard.ts";
import type { Card, CardRef } from "./card.ts";

/** The card an outbox message refers to, drawn from the live state when it is sent; null when its subject is gone. */
export async function drawCard(deps: Deps, ref: Pick<CardRef, "kind" | "id">): Promise<Card | null> {
  switch (ref.kind) {
    case "poll": {
      const card = await pollCard(deps, ref.id);
      return card ? pollCardModel(card) : null;
    }
  }
}
